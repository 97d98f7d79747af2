import type { z } from 'zod';
import { describeInvalidDate } from './describe-invalid-date.js';

/**
 * A zod error map for every request and use-case input: a missing field reads "missing" rather than
 * zod's "expected string, received undefined", and an invalid `z.iso.date()` names the value and says
 * which part is wrong. Other issues keep zod's message (undefined here). Messages declared on a schema
 * take precedence over this map.
 */
export const describeZodIssue: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'missing';
  if (issue.code === 'invalid_format' && issue.format === 'date') return describeInvalidDate(issue.input);
  return undefined;
};
