import { Temporal } from 'temporal-polyfill';

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * Describes why `value` is not a calendar date written YYYY-MM-DD, naming the value: a wrong format, a
 * month outside 01 to 12, or a day the month does not have (2026-02-30). Returns undefined for a valid date.
 */
export function describeInvalidDate(value: unknown): string | undefined {
  if (typeof value !== 'string')
    return `Invalid date ${describe(value)}: expected a string written YYYY-MM-DD.`;
  const match = isoDatePattern.exec(value);
  if (!match) return `Invalid date "${value}": expected YYYY-MM-DD, such as 2026-02-28.`;

  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12) return `Invalid date "${value}": the month must be 01 to 12.`;
  const daysInMonth = Temporal.PlainYearMonth.from({ year, month }).daysInMonth;
  if (day < 1 || day > daysInMonth) {
    return `Invalid date "${value}": ${monthNames[month - 1]} ${year} has ${daysInMonth} days, so the day must be 01 to ${daysInMonth}.`;
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return '(missing)';
  return JSON.stringify(value) ?? typeof value;
}
