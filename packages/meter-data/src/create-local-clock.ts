import { Temporal } from 'temporal-polyfill';

import { computeDstRuleDate, type DstRule } from './decode-dst-rule.js';

/** ESPI LocalTimeParameters with the packed rules decoded. Both rules are undefined where no DST applies. */
export type LocalTimeParameters = {
  /** Standard-time offset from UTC in seconds, e.g. -18000 for US Eastern. */
  tzOffsetSeconds: number;
  /** Seconds added while daylight saving time is in force, usually 3600. */
  dstOffsetSeconds: number;
  dstStartRule: DstRule | undefined;
  dstEndRule: DstRule | undefined;
};

/** The local clock of a service point, computed from its LocalTimeParameters alone (no IANA zone). */
export type LocalClock = {
  offsetSecondsAt(instant: Temporal.Instant): number;
  toPlainDateTime(instant: Temporal.Instant): Temporal.PlainDateTime;
};

type Transitions = { start: Temporal.Instant; end: Temporal.Instant };

/**
 * Creates the local clock that LocalTimeParameters describe. The start rule's time is read in standard
 * time and the end rule's time in daylight time, so the US rules change at 02:00 EST in March and at
 * 02:00 EDT in November. When the start falls later in the year than the end (southern hemisphere), DST
 * runs from the start across New Year to the end.
 */
export function createLocalClock(parameters: LocalTimeParameters): LocalClock {
  const { tzOffsetSeconds, dstOffsetSeconds, dstStartRule, dstEndRule } = parameters;
  const transitionsByYear = new Map<number, Transitions>();

  const transitionsIn = (year: number, startRule: DstRule, endRule: DstRule): Transitions => {
    let transitions = transitionsByYear.get(year);
    if (transitions === undefined) {
      transitions = {
        start: toInstant(computeDstRuleDate(startRule, year), startRule.secondsOfDay - tzOffsetSeconds),
        end: toInstant(
          computeDstRuleDate(endRule, year),
          endRule.secondsOfDay - tzOffsetSeconds - dstOffsetSeconds,
        ),
      };
      transitionsByYear.set(year, transitions);
    }
    return transitions;
  };

  const offsetSecondsAt = (instant: Temporal.Instant): number => {
    if (dstStartRule === undefined || dstEndRule === undefined || dstOffsetSeconds === 0) {
      return tzOffsetSeconds;
    }
    const year = instant.add({ seconds: tzOffsetSeconds }).toZonedDateTimeISO('UTC').year;
    const { start, end } = transitionsIn(year, dstStartRule, dstEndRule);
    const afterStart = Temporal.Instant.compare(instant, start) >= 0;
    const beforeEnd = Temporal.Instant.compare(instant, end) < 0;
    const inDst =
      Temporal.Instant.compare(start, end) < 0 ? afterStart && beforeEnd : afterStart || beforeEnd;
    return inDst ? tzOffsetSeconds + dstOffsetSeconds : tzOffsetSeconds;
  };

  return {
    offsetSecondsAt,
    toPlainDateTime: (instant) =>
      instant
        .add({ seconds: offsetSecondsAt(instant) })
        .toZonedDateTimeISO('UTC')
        .toPlainDateTime(),
  };
}

function toInstant(date: Temporal.PlainDate, secondsAfterMidnightUtc: number): Temporal.Instant {
  return date.toZonedDateTime({ timeZone: 'UTC' }).toInstant().add({ seconds: secondsAfterMidnightUtc });
}
