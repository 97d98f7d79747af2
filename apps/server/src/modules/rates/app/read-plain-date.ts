import { explainInvalidDate } from '@open-cis/rating';
import { Temporal } from 'temporal-polyfill';
import { invalidInput } from '../../../platform/errors/app-error.js';

/** Parses a YYYY-MM-DD date of the input field `path`, or throws a validation error naming that field. */
export function readPlainDate(path: string, text: string | undefined): Temporal.PlainDate {
  try {
    if (text !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(text)) return Temporal.PlainDate.from(text);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  throw invalidInput('RATES.INVALID_VERSION_RANGE', `${path}: ${explainInvalidDate(text ?? '')}.`, [
    { path, message: 'expected a date as YYYY-MM-DD' },
  ]);
}
