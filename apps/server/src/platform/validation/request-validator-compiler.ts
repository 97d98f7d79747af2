import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import type { FieldIssue } from '../errors/app-error.js';
import { describeZodIssue } from './describe-zod-issue.js';
import { describeIssue } from './parse-input.js';
import { toFieldIssue } from './zod-issue-params.js';

/**
 * A request part (body, querystring, params, headers) that failed its zod schema. Fastify sets
 * `validationContext` to the part's name before the error handler runs.
 */
export class RequestValidationError extends Error {
  /** Each issue with its path inside the part, such as `lines.0.amountMinor`. */
  readonly issues: FieldIssue[];

  constructor(issues: FieldIssue[]) {
    super(
      `Request validation failed: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    );
    this.name = 'RequestValidationError';
    this.issues = issues;
  }
}

/**
 * Validates request parts with their zod schemas like fastify-type-provider-zod's compiler, but with the
 * shared error map, so that every route words missing fields and invalid dates the same way.
 */
export const requestValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  // Query strings and path parameters stand in the URL, so a message may quote their value. Bodies and
  // headers can carry passwords and tokens, so their messages do not.
  const quotesValues = httpPart === 'querystring' || httpPart === 'params';
  return (data) => {
    // Every issue reports its input, so that a missing value can be distinguished from an invalid one.
    // Only the parts that quote values pass the input on.
    const result = z.safeParse(schema, data, { error: describeZodIssue, reportInput: true });
    if (result.success) return { value: result.data };
    const issues = result.error.issues.flatMap((issue): FieldIssue[] => {
      if (issue.code === 'unrecognized_keys') return describeUnknownKeys(issue, schema, httpPart);
      const message = quotesValues ? describeIssue(issue.message, issue.input) : issue.message;
      return [toFieldIssue(issue, issue.path.map(String).join('.'), message, quotesValues)];
    });
    return { error: new RequestValidationError(issues) };
  };
};

/** Describes each unknown key of a strict object as its own issue, listing the keys the schema accepts. */
function describeUnknownKeys(
  issue: z.core.$ZodIssueUnrecognizedKeys,
  schema: z.ZodType,
  httpPart: string | undefined,
): FieldIssue[] {
  const prefix = issue.path.map(String).join('.');
  const known = schema instanceof z.ZodObject ? Object.keys(schema.shape).sort().join(', ') : '';
  const kind = httpPart === 'querystring' ? 'query parameter' : 'field';
  return issue.keys.map((key) => ({
    path: prefix === '' ? key : `${prefix}.${key}`,
    message:
      known === ''
        ? `unknown ${kind} "${key}": remove it or check its name in the API reference at /docs`
        : `unknown ${kind} "${key}": use one of ${known}`,
  }));
}
