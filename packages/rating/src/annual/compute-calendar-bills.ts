import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import type { CompiledTariff } from '../compiled-tariff.js';
import type { RoundingMode } from '../currency-rounding.js';
import { rateWithConventions, type UnratedReason } from '../rate-bill-period.js';
import { settledAmount } from '../rate-segment.js';
import { toDayKey } from '../usage/load-step.js';
import { placeIntervals, type IntervalReading } from '../usage/place-intervals.js';
import {
  chargesBeforeMinimum,
  summarizeMonth,
  summarizeYear,
  type AnnualBills,
  type MonthlyBill,
} from './monthly-bill.js';

export type CalendarBillOptions = {
  year: number;
  timeZone: string;
  currency: string;
  rounding: RoundingMode;
  minorUnitExponent?: number;
};

export type CalendarBillsResult =
  | ({ kind: 'rated'; exponent: number } & AnnualBills)
  | { kind: 'unrated'; month: number; reason: UnratedReason; detail: string };

/**
 * Bills interval data by calendar month of `year` on the real calendar of `timeZone`: intervals land in
 * TOU periods by local clock hour (DST included), holidays use the holiday schedule, each line is rounded
 * to the currency's minor unit. Months without any interval in the data are not billed.
 */
export function computeCalendarBills(
  tariff: CompiledTariff,
  intervals: Iterable<IntervalReading>,
  options: CalendarBillOptions,
): CalendarBillsResult {
  const steps = placeIntervals(intervals, options.timeZone, tariff.holidays);
  const months: MonthlyBill[] = [];
  let earlierCharges = new Decimal(0);
  let exponent = 0;
  for (let month = 1; month <= 12; month++) {
    const from = toDayKey(options.year, month, 1);
    const to = toDayKey(options.year, month + 1, 1);
    const monthSteps = steps.filter((step) => step.dayKey >= from && step.dayKey < to);
    if (monthSteps.length === 0) continue;
    const start = Temporal.PlainDate.from({ year: options.year, month, day: 1 });
    const settings = {
      currency: options.currency,
      rounding: options.rounding,
      timeZone: options.timeZone,
      minorUnitExponent: options.minorUnitExponent,
    };
    const result = rateWithConventions(
      tariff,
      {
        period: { start, end: start.add({ months: 1 }) },
        usage: { kind: 'placed-intervals', steps: monthSteps },
        annualChargesBeforeMinimum: earlierCharges,
        settings,
      },
      'real',
    );
    if (result.kind === 'unrated')
      return { kind: 'unrated', month, reason: result.reason, detail: result.detail };
    exponent = result.minorUnitExponent;
    const settlement = { exponent, rounding: options.rounding };
    const bill = summarizeMonth(month, monthSteps, result.lines, (line) => settledAmount(line, settlement));
    earlierCharges = earlierCharges.plus(chargesBeforeMinimum(bill));
    months.push(bill);
  }
  return { kind: 'rated', exponent, ...summarizeYear(months) };
}
