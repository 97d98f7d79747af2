import { Temporal } from 'temporal-polyfill';
import type { BaseDate } from '../keys/key-data.js';

/** The largest TID: 24 bits. */
export const maxTid = 0xffffff;

/**
 * Computes the token identifier: whole minutes from 00:00 UTC on the key's base date to the instant of
 * issue (seconds are dropped). Returns the minute count even when it falls outside the 24-bit TID range,
 * so that the caller can say by how much.
 */
export function computeMinutesSinceBaseDate(instant: Temporal.Instant, baseDate: BaseDate): number {
  const base = Temporal.Instant.from(`${baseDate}T00:00:00Z`);
  const milliseconds = instant.epochMilliseconds - base.epochMilliseconds;
  return Math.floor(milliseconds / 60_000);
}

/** Returns the instant at the start of a TID's minute under a base date. */
export function instantOfTid(tid: number, baseDate: BaseDate): Temporal.Instant {
  return Temporal.Instant.from(`${baseDate}T00:00:00Z`).add({ minutes: tid });
}

/** Checks whether a key has expired at a TID, that is whether TID >> 16 exceeds the key expiry number. */
export function isKeyExpiredAt(tid: number, ken: number): boolean {
  return tid >>> 16 > ken;
}

/**
 * Chooses the TID for the next token of a meter so that no TID repeats. It is the minute of issue, or the
 * minute after the last TID issued when that is later, so a second token in one minute takes the next one.
 * Returns undefined when that TID would pass the 24-bit range, which needs a TID rollover key change.
 */
export function chooseNextTid(
  minutesSinceBaseDate: number,
  lastIssuedTid: number | undefined,
): number | undefined {
  const tid =
    lastIssuedTid === undefined ? minutesSinceBaseDate : Math.max(minutesSinceBaseDate, lastIssuedTid + 1);
  return tid >= 0 && tid <= maxTid ? tid : undefined;
}
