import { Temporal } from 'temporal-polyfill';

/** Day-of-month rule of a daylight-saving transition. Weekdays are ISO: 1 = Monday … 7 = Sunday. */
export type DstRuleDay =
  | { kind: 'dayOfMonth'; day: number }
  | { kind: 'weekdayOnOrAfter'; weekday: number; day: number }
  | { kind: 'nthWeekday'; occurrence: number; weekday: number }
  | { kind: 'lastWeekday'; weekday: number };

/** A decoded ESPI `dstStartRule` or `dstEndRule`: the month, the day rule and the local time of the change. */
export type DstRule = {
  month: number;
  day: DstRuleDay;
  /** Local clock time of the change in seconds after midnight (hour bits × 3600 + seconds bits). */
  secondsOfDay: number;
};

/**
 * Decodes a packed ESPI daylight-saving rule, given as its 32-bit number or as hex text such as `360E2000`.
 *
 * Bit layout: month 28–31, rule kind 25–27 (0 day of month, 1 weekday on or after the day, 2–6 the 1st–5th
 * weekday, 7 the last weekday), day of month 20–24, weekday 17–19 (1 Monday … 7 Sunday), hour 12–16 and
 * seconds 0–11. Throws a RangeError when a field is out of range.
 */
export function decodeDstRule(packed: number | string): DstRule {
  const bits = toBits(packed);
  const month = (bits >>> 28) & 0xf;
  const kind = (bits >>> 25) & 0x7;
  const dayOfMonth = (bits >>> 20) & 0x1f;
  const weekday = (bits >>> 17) & 0x7;
  const hour = (bits >>> 12) & 0x1f;
  const seconds = bits & 0xfff;
  const text = bits.toString(16).toUpperCase().padStart(8, '0');

  if (month < 1 || month > 12) {
    throw new RangeError(`DST rule ${text} has month ${month}; expected 1 to 12.`);
  }
  if (hour > 23) {
    throw new RangeError(`DST rule ${text} has hour ${hour}; expected 0 to 23.`);
  }
  if (kind !== 0 && (weekday < 1 || weekday > 7)) {
    throw new RangeError(`DST rule ${text} has weekday ${weekday}; expected 1 (Monday) to 7 (Sunday).`);
  }
  if ((kind === 0 || kind === 1) && (dayOfMonth < 1 || dayOfMonth > 31)) {
    throw new RangeError(`DST rule ${text} has day of month ${dayOfMonth}; expected 1 to 31.`);
  }

  return { month, day: decodeDay(kind, dayOfMonth, weekday), secondsOfDay: hour * 3600 + seconds };
}

/** Returns the local date on which `rule` changes the clocks in `year`. */
export function computeDstRuleDate(rule: DstRule, year: number): Temporal.PlainDate {
  const first = Temporal.PlainDate.from({ year, month: rule.month, day: 1 });
  const { day } = rule;
  switch (day.kind) {
    case 'dayOfMonth':
      return first.with({ day: day.day });
    case 'weekdayOnOrAfter': {
      const from = first.with({ day: day.day });
      return from.add({ days: (day.weekday - from.dayOfWeek + 7) % 7 });
    }
    case 'nthWeekday': {
      const firstMatch = first.add({ days: (day.weekday - first.dayOfWeek + 7) % 7 });
      const date = firstMatch.add({ weeks: day.occurrence - 1 });
      // A 5th occurrence that the month does not have falls back to the last one.
      return date.month === rule.month ? date : date.subtract({ weeks: 1 });
    }
    case 'lastWeekday': {
      const last = first.with({ day: first.daysInMonth });
      return last.subtract({ days: (last.dayOfWeek - day.weekday + 7) % 7 });
    }
  }
}

function decodeDay(kind: number, dayOfMonth: number, weekday: number): DstRuleDay {
  if (kind === 0) {
    return { kind: 'dayOfMonth', day: dayOfMonth };
  }
  if (kind === 1) {
    return { kind: 'weekdayOnOrAfter', weekday, day: dayOfMonth };
  }
  if (kind === 7) {
    return { kind: 'lastWeekday', weekday };
  }
  return { kind: 'nthWeekday', occurrence: kind - 1, weekday };
}

function toBits(packed: number | string): number {
  if (typeof packed === 'number') {
    if (!Number.isInteger(packed) || packed < 0 || packed > 0xffffffff) {
      throw new RangeError(`DST rule ${packed} is not a 32-bit unsigned integer.`);
    }
    return packed;
  }
  const text = packed.trim();
  if (!/^[0-9a-f]{1,8}$/i.test(text)) {
    throw new RangeError(`DST rule "${packed}" is not 1 to 8 hexadecimal digits.`);
  }
  return Number.parseInt(text, 16);
}
