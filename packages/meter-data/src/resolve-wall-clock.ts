import { Temporal } from 'temporal-polyfill';

/** Outcome of placing a timestamp from a file on the time line. */
export type WallClockResult =
  | { kind: 'resolved'; instant: Temporal.Instant; localStart: Temporal.PlainDateTime }
  | { kind: 'invalid' }
  | { kind: 'nonexistent'; localStart: Temporal.PlainDateTime };

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Resolves a timestamp such as `2024-11-03T01:00` or `2024-11-03T01:00-04:00` in `timeZone`.
 *
 * A stamp with an offset or `Z` is taken as written. A stamp without one is local clock time. In the
 * autumn hour that occurs twice, rows come in time order, so the earlier instant is taken unless it is not
 * after `previous` (the row before), in which case this row is the repeat and gets the later instant.
 */
export function resolveWallClock(
  text: string,
  timeZone: string,
  previous: Temporal.Instant | undefined,
): WallClockResult {
  const match = TIMESTAMP.exec(text.trim());
  if (match === null) {
    return { kind: 'invalid' };
  }
  const [, date, time, offset] = match;
  const wallClock = `${date}T${time}`;

  try {
    if (offset !== undefined) {
      const instant = Temporal.Instant.from(`${wallClock}${offset}`);
      return {
        kind: 'resolved',
        instant,
        localStart: instant.toZonedDateTimeISO(timeZone).toPlainDateTime(),
      };
    }

    const localStart = Temporal.PlainDateTime.from(wallClock, { overflow: 'reject' });
    const earlier = localStart.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
    if (!earlier.toPlainDateTime().equals(localStart)) {
      return { kind: 'nonexistent', localStart };
    }
    const later = localStart.toZonedDateTime(timeZone, { disambiguation: 'later' });
    const isRepeat =
      previous !== undefined &&
      Temporal.Instant.compare(earlier.toInstant(), later.toInstant()) !== 0 &&
      Temporal.Instant.compare(earlier.toInstant(), previous) <= 0;
    return { kind: 'resolved', instant: (isRepeat ? later : earlier).toInstant(), localStart };
  } catch (error) {
    if (error instanceof RangeError) {
      return { kind: 'invalid' };
    }
    throw error;
  }
}
