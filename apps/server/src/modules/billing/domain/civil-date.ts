/**
 * Day arithmetic on ISO dates ('YYYY-MM-DD') in the proleptic Gregorian calendar, for the bill run's hot
 * path: the same results as Temporal.PlainDate's `until` and `add({ months })`, at a fraction of the cost
 * of the polyfill. Dates only; no time zone is involved.
 */

type Civil = { year: number; month: number; day: number };

function parse(iso: string): Civil {
  return { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) };
}

// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
function toEpochDay({ year, month, day }: Civil): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days from `start` to `end` (negative when `end` is earlier). */
export function daysBetween(start: string, end: string): number {
  return toEpochDay(parse(end)) - toEpochDay(parse(start));
}

/** Adds whole months, clamping the day to the end of a shorter month (2026-01-31 + 1 month = 2026-02-28). */
export function addMonths(iso: string, months: number): string {
  const { year, month, day } = parse(iso);
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = index - newYear * 12 + 1;
  const newDay = Math.min(day, daysInMonth(newYear, newMonth));
  return `${String(newYear).padStart(4, '0')}-${String(newMonth).padStart(2, '0')}-${String(newDay).padStart(2, '0')}`;
}
