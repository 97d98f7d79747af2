import { explainInvalidDate } from '@open-cis/rating';
import { Temporal } from 'temporal-polyfill';

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Describes why `value` is not a calendar date written YYYY-MM-DD, naming the value: a wrong format, or a
 * month or day that does not exist ("2026-02-30 is not a valid date: February 2026 has 28 days"). The
 * wording is the rating package's, so tariff files and HTTP requests explain dates alike. Returns
 * undefined for a valid date.
 */
export function describeInvalidDate(value: unknown): string | undefined {
  if (typeof value !== 'string')
    return `${JSON.stringify(value) ?? typeof value} is not a date; write it as YYYY-MM-DD`;
  if (isoDatePattern.test(value) && isPlainDate(value)) return undefined;
  return explainInvalidDate(value);
}

function isPlainDate(text: string): boolean {
  try {
    Temporal.PlainDate.from(text, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}
