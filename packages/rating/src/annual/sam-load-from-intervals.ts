import { Decimal } from 'decimal.js';
import type { Temporal } from 'temporal-polyfill';

/** An interval of energy at an instant, as a meter feed gives it. */
export type EnergyInterval = { start: Temporal.Instant; durationSeconds: number; kwh: Decimal };

/**
 * Builds a SAM load (kW per step) from a year of interval energy the way SAM's comparison records place a
 * Green Button feed: step = (start − 1 January 00:00 local standard time) ÷ interval length, where local
 * standard time is UTC + `standardOffsetSeconds` and daylight saving time is ignored. The year is that
 * of the first reading in local standard time. Throws when the readings do not fill the year exactly.
 */
export function samLoadFromIntervals(
  intervals: readonly EnergyInterval[],
  standardOffsetSeconds: number,
): Decimal[] {
  const first = intervals[0];
  if (!first) throw new RangeError('the load has no intervals');
  const durationSeconds = first.durationSeconds;
  const firstLocalMs = first.start.epochMilliseconds + standardOffsetSeconds * 1000;
  const year = new Date(firstLocalMs).getUTCFullYear();
  const yearStartMs = Date.UTC(year, 0, 1) - standardOffsetSeconds * 1000;
  const stepCount = (365 * 86400) / durationSeconds;
  if (!Number.isInteger(stepCount))
    throw new RangeError(`interval length ${durationSeconds} s does not divide a 365-day year`);
  const kw: (Decimal | undefined)[] = new Array<Decimal | undefined>(stepCount);
  const hours = new Decimal(durationSeconds).div(3600);
  for (const interval of intervals) {
    if (interval.durationSeconds !== durationSeconds) {
      throw new RangeError(
        `interval at ${interval.start.toString()} lasts ${interval.durationSeconds} s, not ${durationSeconds} s`,
      );
    }
    const offsetSeconds = (interval.start.epochMilliseconds - yearStartMs) / 1000;
    const step = offsetSeconds / durationSeconds;
    if (!Number.isInteger(step) || step < 0 || step >= stepCount) {
      throw new RangeError(
        `interval at ${interval.start.toString()} does not fall on a step of ${year} in local standard time`,
      );
    }
    if (kw[step] !== undefined) throw new RangeError(`two intervals start at ${interval.start.toString()}`);
    kw[step] = interval.kwh.div(hours);
  }
  const missing = kw.findIndex((value) => value === undefined);
  if (missing >= 0)
    throw new RangeError(
      `the load has no interval for step ${missing} of ${year} (${stepCount} steps expected)`,
    );
  return kw as Decimal[];
}
