import { z } from 'zod';
import { describeInvalidDate } from './describe-invalid-date.js';

/**
 * A calendar date written YYYY-MM-DD (a Temporal PlainDate as text). It is documented as
 * `format: date`, and a rejected value gets a message that names it and the part that is wrong, for
 * example that February 2026 has 28 days. Year 0000 is rejected too.
 */
export const plainDateSchema = z.iso
  .date({
    error: (issue) => (issue.code === 'invalid_format' ? describeInvalidDate(issue.input) : undefined),
  })
  // PostgreSQL has no year 0 (1 BC comes before AD 1), so a date in year 0000 cannot be stored.
  .refine((value) => !value.startsWith('0000'), {
    error: (issue) => `${String(issue.input)} is not a date the database can store: use year 0001 or later`,
  });
