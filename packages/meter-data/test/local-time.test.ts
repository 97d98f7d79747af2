import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';

import { computeDstRuleDate, createLocalClock, decodeDstRule } from '../src/index.js';

const US_START = decodeDstRule('360E2000');
const US_END = decodeDstRule('B40E2000');
const EASTERN = {
  tzOffsetSeconds: -18000,
  dstOffsetSeconds: 3600,
  dstStartRule: US_START,
  dstEndRule: US_END,
};

describe('decodeDstRule', () => {
  it('decodes the US rules', () => {
    expect(US_START).toEqual({
      month: 3,
      day: { kind: 'nthWeekday', occurrence: 2, weekday: 7 },
      secondsOfDay: 7200,
    });
    expect(US_END).toEqual({
      month: 11,
      day: { kind: 'nthWeekday', occurrence: 1, weekday: 7 },
      secondsOfDay: 7200,
    });
    expect(decodeDstRule(0x360e2000)).toEqual(US_START);
  });

  it.each([
    ['360E2000', 2011, '2011-03-13'],
    ['B40E2000', 2011, '2011-11-06'],
    ['360E2000', 2012, '2012-03-11'],
    ['B40E2000', 2024, '2024-11-03'],
  ])('places %s in %i on %s', (packed, year, date) => {
    expect(computeDstRuleDate(decodeDstRule(packed), year).toString()).toBe(date);
  });

  it('decodes last-weekday and fixed-day rules', () => {
    // EU summer time: last Sunday of March at 01:00 UTC, written here as 02:00 local standard time.
    const lastSunday = decodeDstRule(((3 << 28) | (7 << 25) | (7 << 17) | (2 << 12)) >>> 0);
    expect(lastSunday.day).toEqual({ kind: 'lastWeekday', weekday: 7 });
    expect(computeDstRuleDate(lastSunday, 2024).toString()).toBe('2024-03-31');
    const fixed = decodeDstRule(((4 << 28) | (0 << 25) | (15 << 20) | (3 << 12) | 30) >>> 0);
    expect(fixed).toEqual({ month: 4, day: { kind: 'dayOfMonth', day: 15 }, secondsOfDay: 3 * 3600 + 30 });
  });

  it.each(['FFFFFFFF', '0E2000', 'xyz', '123456789'])('rejects %s', (packed) => {
    expect(() => decodeDstRule(packed)).toThrow(RangeError);
  });
});

describe('createLocalClock', () => {
  const clock = createLocalClock(EASTERN);
  const at = (iso: string) => Temporal.Instant.from(iso);

  it('switches at 02:00 standard time in March', () => {
    expect(clock.offsetSecondsAt(at('2012-03-11T06:59:59Z'))).toBe(-18000);
    expect(clock.offsetSecondsAt(at('2012-03-11T07:00:00Z'))).toBe(-14400);
    expect(clock.toPlainDateTime(at('2012-03-11T07:00:00Z')).toString()).toBe('2012-03-11T03:00:00');
  });

  it('switches at 02:00 daylight time in November', () => {
    expect(clock.offsetSecondsAt(at('2012-11-04T05:59:59Z'))).toBe(-14400);
    expect(clock.offsetSecondsAt(at('2012-11-04T06:00:00Z'))).toBe(-18000);
    expect(clock.toPlainDateTime(at('2012-11-04T05:30:00Z')).toString()).toBe('2012-11-04T01:30:00');
    expect(clock.toPlainDateTime(at('2012-11-04T06:30:00Z')).toString()).toBe('2012-11-04T01:30:00');
  });

  it('agrees with America/New_York for a year', () => {
    let instant = at('2012-01-01T00:30:00Z');
    const end = at('2013-01-01T00:00:00Z');
    while (Temporal.Instant.compare(instant, end) < 0) {
      const expected = instant.toZonedDateTimeISO('America/New_York').offsetNanoseconds / 1e9;
      expect(clock.offsetSecondsAt(instant)).toBe(expected);
      instant = instant.add({ hours: 1 });
    }
  });

  it('handles a southern-hemisphere year', () => {
    // Sydney-like: +10:00 standard, DST from the first Sunday of October to the first Sunday of April.
    const sydney = createLocalClock({
      tzOffsetSeconds: 36000,
      dstOffsetSeconds: 3600,
      dstStartRule: decodeDstRule(((10 << 28) | (2 << 25) | (7 << 17) | (2 << 12)) >>> 0),
      dstEndRule: decodeDstRule(((4 << 28) | (2 << 25) | (7 << 17) | (3 << 12)) >>> 0),
    });
    expect(sydney.offsetSecondsAt(at('2024-01-15T00:00:00Z'))).toBe(39600);
    expect(sydney.offsetSecondsAt(at('2024-06-15T00:00:00Z'))).toBe(36000);
    expect(sydney.offsetSecondsAt(at('2024-12-15T00:00:00Z'))).toBe(39600);
  });

  it('uses standard time without rules', () => {
    const fixed = createLocalClock({ ...EASTERN, dstStartRule: undefined, dstEndRule: undefined });
    expect(fixed.offsetSecondsAt(at('2012-07-01T00:00:00Z'))).toBe(-18000);
  });
});
