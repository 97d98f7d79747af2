import { Temporal } from 'temporal-polyfill';
import type { CompiledTariff, CompiledVersion } from './compiled-tariff.js';
import type { MonthDays } from './usage/register-usage.js';

/** A part of a billing period under one tariff version, as a half-open range of local dates. */
export type PeriodSegment = {
  version: CompiledVersion;
  start: Temporal.PlainDate;
  end: Temporal.PlainDate;
  days: number;
  months: MonthDays[];
};

// A bill run rates thousands of bills over the same few periods, and Temporal's polyfill makes each split
// cost more than the rest of a simple bill; the splits of recent periods are kept per compiled tariff.
const splitCache = new WeakMap<CompiledTariff, Map<string, PeriodSegment[] | undefined>>();
const SPLIT_CACHE_SIZE = 512;

/**
 * Splits [start, end) at every tariff version change; undefined when no version is in force at start.
 * The result is shared between callers with the same tariff and dates, so it must not be changed.
 */
export function splitByVersion(
  tariff: CompiledTariff,
  start: Temporal.PlainDate,
  end: Temporal.PlainDate,
): readonly PeriodSegment[] | undefined {
  let cache = splitCache.get(tariff);
  if (!cache) {
    cache = new Map();
    splitCache.set(tariff, cache);
  }
  const key = `${start.toString()}|${end.toString()}`;
  if (cache.has(key)) return cache.get(key);
  const segments = computeSplit(tariff, start, end);
  if (cache.size >= SPLIT_CACHE_SIZE) cache.clear();
  cache.set(key, segments);
  return segments;
}

function computeSplit(
  tariff: CompiledTariff,
  start: Temporal.PlainDate,
  end: Temporal.PlainDate,
): PeriodSegment[] | undefined {
  const { versions } = tariff;
  let index = -1;
  for (let i = 0; i < versions.length; i++) {
    if (Temporal.PlainDate.compare((versions[i] as CompiledVersion).effectiveFrom, start) <= 0) index = i;
  }
  if (index < 0) return undefined;
  const segments: PeriodSegment[] = [];
  let segmentStart = start;
  for (let i = index; i < versions.length; i++) {
    const version = versions[i] as CompiledVersion;
    const next = versions[i + 1];
    const nextStarts = next && Temporal.PlainDate.compare(next.effectiveFrom, end) < 0;
    const segmentEnd = nextStarts ? next.effectiveFrom : end;
    segments.push({
      version,
      start: segmentStart,
      end: segmentEnd,
      days: daysBetween(segmentStart, segmentEnd),
      months: monthDays(segmentStart, segmentEnd),
    });
    if (!nextStarts) break;
    segmentStart = segmentEnd;
  }
  return segments;
}

export function daysBetween(start: Temporal.PlainDate, end: Temporal.PlainDate): number {
  return start.until(end, { largestUnit: 'day' }).days;
}

/** Days of [start, end) in each calendar month, in order. */
export function monthDays(start: Temporal.PlainDate, end: Temporal.PlainDate): MonthDays[] {
  const result: MonthDays[] = [];
  let cursor = start;
  while (Temporal.PlainDate.compare(cursor, end) < 0) {
    const nextMonth = cursor.with({ day: 1 }).add({ months: 1 });
    const stop = Temporal.PlainDate.compare(nextMonth, end) < 0 ? nextMonth : end;
    result.push({ month: cursor.month, days: daysBetween(cursor, stop) });
    cursor = stop;
  }
  return result;
}
