import { z } from 'zod';
import { describeInvalidDate } from './describe-invalid-date.js';

/**
 * A calendar date written YYYY-MM-DD (a Temporal PlainDate as text). It is documented as
 * `format: date`, and a rejected value gets a message that names it and the part that is wrong, for
 * example that February 2026 has 28 days.
 */
export const plainDateSchema = z.iso.date({
  error: (issue) => (issue.code === 'invalid_format' ? describeInvalidDate(issue.input) : undefined),
});
