import { Temporal } from 'temporal-polyfill';

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
 * Explains why `text` is not a date: a YYYY-MM-DD text whose month or day does not exist gets the calendar
 * fact ("2026-02-30 is not a valid date: February 2026 has 28 days"), any other text the expected form.
 */
export function explainInvalidDate(text: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return `"${text}" is not a date; write it as YYYY-MM-DD`;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  if (month < 1 || month > 12) return `${text} is not a valid date: there is no month ${month}`;
  if (day < 1) return `${text} is not a valid date: there is no day ${day}`;
  const daysInMonth = Temporal.PlainYearMonth.from({ year, month }).daysInMonth;
  if (day > daysInMonth) {
    return `${text} is not a valid date: ${monthNames[month - 1]} ${year} has ${daysInMonth} days`;
  }
  return `"${text}" is not a date; write it as YYYY-MM-DD`;
}
