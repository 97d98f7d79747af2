import { Temporal } from 'temporal-polyfill';
import { invalidInput } from '../../../platform/errors/app-error.js';

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

/** Throws a validation error naming `field` unless `value` is a real calendar date written 'YYYY-MM-DD'. */
export function assertPlainDate(value: string, field: string, code: string): void {
  let valid = isoDatePattern.test(value);
  if (valid) {
    try {
      Temporal.PlainDate.from(value, { overflow: 'reject' });
    } catch {
      valid = false;
    }
  }
  if (!valid) {
    throw invalidInput(code, `${field} must be a calendar date written YYYY-MM-DD, got "${value}".`, [
      { path: field, message: `Expected a date such as 2026-03-31, got "${value}".` },
    ]);
  }
}
