import { Decimal } from 'decimal.js';
import type { Temporal } from 'temporal-polyfill';
import { toDayKey, type DayType, type LoadStep } from './load-step.js';

/**
 * One interval reading: the instant it starts, its length, and either its average demand (kW) or its
 * energy (kWh). `readingId` is the caller's id, copied into the trace of the lines that use it.
 */
export type IntervalReading = {
  start: Temporal.Instant;
  durationSeconds: number;
  kw?: Decimal | string;
  kwh?: Decimal | string;
  readingId?: string;
};

/**
 * Places interval readings on the local clock of `timeZone`. Each interval takes the local date, clock
 * hour and day type (weekday, weekend, holiday) of its start. So on a 25-hour day both 01:00 hours fall
 * in the 01:00 TOU period, and on a 23-hour day no interval starts at 02:00. Readings must be in time order.
 */
export function placeIntervals(
  readings: Iterable<IntervalReading>,
  timeZone: string,
  holidays: ReadonlySet<string>,
): LoadStep[] {
  const steps: LoadStep[] = [];
  let previousEpochMs = -Infinity;
  for (const reading of readings) {
    if (!(reading.durationSeconds > 0))
      throw new RangeError(`interval at ${reading.start.toString()} has no positive duration`);
    const epochMs = reading.start.epochMilliseconds;
    if (epochMs < previousEpochMs)
      throw new RangeError(`interval at ${reading.start.toString()} is out of time order`);
    previousEpochMs = epochMs;
    const local = reading.start.toZonedDateTimeISO(timeZone);
    const { kw, kwh } = demandAndEnergy(reading);
    const dayKey = toDayKey(local.year, local.month, local.day);
    const isHoliday = holidays.size > 0 && holidays.has(local.toPlainDate().toString());
    let dayType: DayType = local.dayOfWeek >= 6 ? 1 : 0;
    if (isHoliday) dayType = 2;
    steps.push({
      dayKey,
      month: local.month,
      hour: local.hour,
      dayType,
      startMinute: Math.floor(epochMs / 60000),
      minutes: reading.durationSeconds / 60,
      kw,
      kwh,
      readingId: reading.readingId,
    });
  }
  return steps;
}

/** Multiplies before dividing by 3600 so that whole-second intervals keep exact energy (5 min = 1/12 h). */
function demandAndEnergy(reading: IntervalReading): { kw: Decimal; kwh: Decimal } {
  if (reading.kw !== undefined) {
    const kw = new Decimal(reading.kw);
    return { kw, kwh: kw.mul(reading.durationSeconds).div(3600) };
  }
  if (reading.kwh !== undefined) {
    const kwh = new Decimal(reading.kwh);
    return { kw: kwh.mul(3600).div(reading.durationSeconds), kwh };
  }
  throw new RangeError(`interval at ${reading.start.toString()} has neither kw nor kwh`);
}
