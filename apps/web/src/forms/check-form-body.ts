import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { ApiError, type FieldError } from '../api/client.js';
import { describeFormIssue } from './describe-form-issue.js';
import { findFieldOfPath, type FormField } from './form-field.js';

/** Words one issue for a form, or returns undefined to leave it to the general wording. */
export type DescribeIssue = (issue: z.core.$ZodIssue, field: FormField) => string | undefined;

export type CheckFormBodyOptions = {
  fields: readonly FormField[];
  t: TFunction;
  describe?: DescribeIssue;
  /** Messages of the form's own checks beyond the schema, reported together with the schema's. */
  formErrors?: readonly FieldError[];
};

/**
 * Validates a request body with the route's own zod schema before it is sent, and returns the parsed
 * body. An invalid body throws an ApiError like the server's 400, with one message per issue in the
 * user's language, so the form shows each next to its field.
 */
export function checkFormBody<Schema extends z.ZodType>(
  schema: Schema,
  body: unknown,
  { fields, t, describe, formErrors = [] }: CheckFormBodyOptions,
): z.output<Schema> {
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success && formErrors.length === 0) return result.data;
  const schemaErrors: FieldError[] = (result.error?.issues ?? []).map((issue) => {
    const path = issue.path.map(String).join('.');
    // An issue outside every field still gets a message, labelled with its path, for the form's alert.
    const field = findFieldOfPath(fields, path) ?? { label: path, paths: [path] };
    return { path, message: describe?.(issue, field) ?? describeFormIssue(issue, field, t) };
  });
  throw new ApiError(400, t('form.invalidFields'), undefined, [...formErrors, ...schemaErrors]);
}
