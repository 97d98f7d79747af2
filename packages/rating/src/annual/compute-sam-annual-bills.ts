import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import type { CompiledTariff } from '../compiled-tariff.js';
import { rateWithConventions } from '../rate-bill-period.js';
import { toDayKey, type LoadStep } from '../usage/load-step.js';
import {
  chargesBeforeMinimum,
  summarizeMonth,
  summarizeYear,
  type AnnualBills,
  type MonthlyBill,
} from './monthly-bill.js';

/** SAM's calendar is a 365-day year starting on a Monday; 2018 is such a year, so its dates label the steps. */
const samYear = 2018;
const hoursPerYear = 8760;

/**
 * Bills a year of load the way NREL SAM's utilityrate5 does: step i of the load is step i of SAM's
 * calendar (365 days, 1 January a Monday, no DST, no holidays), TOU hours are local standard time, demand
 * is the kW of one step, months are billed whole, a $/day fixed charge counts 365/12 days, an annual
 * minimum settles in December, and nothing is rounded. `kw` holds the average demand of each step; the
 * step length is one year ÷ the number of steps (hourly or shorter, whole steps per hour).
 */
export function computeSamAnnualBills(tariff: CompiledTariff, kw: readonly Decimal[]): AnnualBills {
  const steps = placeSamSteps(kw);
  const months: MonthlyBill[] = [];
  let earlierCharges = new Decimal(0);
  for (let month = 1; month <= 12; month++) {
    const start = Temporal.PlainDate.from({ year: samYear, month, day: 1 });
    const from = toDayKey(samYear, month, 1);
    const to = toDayKey(samYear, month + 1, 1);
    const monthSteps = steps.filter((step) => step.dayKey >= from && step.dayKey < to);
    const result = rateWithConventions(
      tariff,
      {
        period: { start, end: start.add({ months: 1 }) },
        usage: { kind: 'placed-intervals', steps: monthSteps },
        annualChargesBeforeMinimum: earlierCharges,
        settings: { currency: 'USD', rounding: 'half-up', timeZone: 'UTC' },
      },
      'sam',
      'none',
    );
    if (result.kind === 'unrated') throw new RangeError(`month ${month} cannot be rated: ${result.detail}`);
    const bill = summarizeMonth(month, monthSteps, result.lines, (line) => line.amount);
    earlierCharges = earlierCharges.plus(chargesBeforeMinimum(bill));
    months.push(bill);
  }
  return summarizeYear(months);
}

/** Places load steps on SAM's calendar. */
export function placeSamSteps(kw: readonly Decimal[]): LoadStep[] {
  const stepsPerHour = kw.length / hoursPerYear;
  if (!Number.isInteger(stepsPerHour) || stepsPerHour < 1) {
    throw new RangeError(`a SAM load needs 8760 × n steps (whole steps per hour); found ${kw.length}`);
  }
  const minutes = 60 / stepsPerHour;
  const stepsPerDay = 24 * stepsPerHour;
  const hours = new Decimal(1).div(stepsPerHour);
  const dates = Array.from({ length: 365 }, (_, day) =>
    Temporal.PlainDate.from({ year: samYear, month: 1, day: 1 }).add({ days: day }),
  );
  return kw.map((value, index) => {
    const day = Math.floor(index / stepsPerDay);
    const date = dates[day] as Temporal.PlainDate;
    return {
      dayKey: toDayKey(date.year, date.month, date.day),
      month: date.month,
      hour: Math.floor((index % stepsPerDay) / stepsPerHour),
      dayType: day % 7 < 5 ? 0 : 1,
      startMinute: index * minutes,
      minutes,
      kw: value,
      kwh: stepsPerHour === 1 ? value : value.mul(hours),
    };
  });
}
