import type { z } from 'zod';
import type { FieldIssue } from '../errors/app-error.js';
import type { ProblemParams } from '../errors/problem-params.js';

/**
 * Turns a zod issue into a field issue with its zod `code` and the values a client needs to word the
 * issue in its own language. These are `missing` for an absent value, `origin` with `minimum` or
 * `maximum` for a size check, `format` for a string format, and `input`, the value found, when
 * `quotesInput`. Callers quote the input of query strings and path parameters only, because bodies and
 * headers can carry passwords and tokens. The issue must come from a parse with `reportInput: true`.
 */
export function toFieldIssue(
  issue: z.core.$ZodIssue,
  path: string,
  message: string,
  quotesInput: boolean,
): FieldIssue {
  const params: ProblemParams = {};
  if (issue.code === 'invalid_type' && issue.input === undefined) params.missing = true;
  else if (quotesInput) {
    const input = quotableInput(issue.input);
    if (input !== undefined) params.input = input;
  }
  if (issue.code === 'too_big' || issue.code === 'too_small') {
    params.origin = issue.origin;
    const limit = issue.code === 'too_big' ? issue.maximum : issue.minimum;
    params[issue.code === 'too_big' ? 'maximum' : 'minimum'] =
      typeof limit === 'bigint' ? limit.toString() : limit;
  }
  if (issue.code === 'invalid_format') params.format = issue.format;
  return { path, message, code: issue.code, params };
}

// The input goes whole, because a client words a length check with its length. It is part of the URL,
// which Node's limit on the request head (16 KiB by default) keeps small.
function quotableInput(input: unknown): string | number | boolean | undefined {
  if (typeof input === 'string' || typeof input === 'number' || typeof input === 'boolean') return input;
  return undefined;
}
