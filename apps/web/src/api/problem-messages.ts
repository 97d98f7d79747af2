import type { TFunction } from 'i18next';
import type { z } from 'zod';
import {
  problemParamTypes,
  type ProblemParams,
  type ProblemParamType,
} from '../../../server/src/platform/errors/problem-params.js';
import { describeFormIssue } from '../forms/describe-form-issue.js';
import type { FormField } from '../forms/form-field.js';
import { en } from '../i18n/en.js';
import type { ApiError, FieldError } from './client.js';

/** The formatting helpers that problem messages use, which useFormat returns. */
export type ProblemFormat = {
  date(value: string | null | undefined): string;
  number(value: number): string;
};

/** A value that every message may use beside its code's params. */
export const messageValuesOfEveryProblem = ['requestId'] as const;

// A rule violation (422) or conflict (409) names the one field it is about, and its field message only
// restates the problem, so that field shows the problem's whole message.
const fieldRestatesProblem = new Set([409, 422]);

const paramTypesByCode: Partial<Record<string, Record<string, ProblemParamType>>> = problemParamTypes;

/** Returns the catalog key of the message of `code`, or undefined when the catalog has none. */
export function problemMessageKey(code: string | undefined): string | undefined {
  const [module = '', name = '', ...rest] = (code ?? '').split('.');
  const messages: Record<string, Record<string, string>> = en.problems;
  const inModule = Object.hasOwn(messages, module) ? messages[module] : undefined;
  const found = rest.length === 0 && inModule !== undefined && Object.hasOwn(inModule, name);
  return found ? `problems.${module}.${name}` : undefined;
}

/**
 * Words an API error in the user's language by its code, with its params formatted for the user's
 * locale. Returns the server's detail, in English, when the catalog has no message for the code or the
 * error lacks a param that the message needs.
 */
export function describeApiError(error: ApiError, t: TFunction, format: ProblemFormat): string {
  const key = problemMessageKey(error.code);
  const values = key === undefined ? undefined : formatMessageValues(error, format);
  if (key === undefined || values === undefined) return error.message;
  return t(key, values);
}

/**
 * Words one field message of an API error in the user's language. An issue that the server's schema
 * found is worded like the form's own checks when `field` is given. The field of a rule violation or
 * conflict shows the problem's message. Any other message stays as the server wrote it.
 */
export function describeFieldError(
  error: ApiError,
  fieldError: FieldError,
  field: FormField | undefined,
  t: TFunction,
  format: ProblemFormat,
): string {
  const issue = field === undefined ? undefined : toFormIssue(fieldError, field);
  if (issue !== undefined && field !== undefined) return describeFormIssue(issue, field, t);
  if (fieldError.code === undefined && fieldRestatesProblem.has(error.status)) {
    const message = describeApiError(error, t, format);
    if (message !== error.message) return message;
  }
  return fieldError.message;
}

/** Formats the message values of the error's code, or returns undefined when a param is missing. */
function formatMessageValues(error: ApiError, format: ProblemFormat): Record<string, string> | undefined {
  const values: Record<string, string> = { requestId: error.requestId ?? '—' };
  const types = error.code === undefined ? undefined : paramTypesByCode[error.code];
  for (const [name, type] of Object.entries(types ?? {})) {
    const value = error.params?.[name];
    if (value === undefined) return undefined;
    values[name] = formatParam(value, type, format);
  }
  return values;
}

function formatParam(value: ProblemParams[string], type: ProblemParamType, format: ProblemFormat): string {
  if (type === 'date' && typeof value === 'string') return format.date(value);
  if (type === 'integer' && typeof value === 'number') return format.number(value);
  return String(value);
}

/**
 * Rebuilds the zod issue of a field message from its code and params, for describeFormIssue. Returns
 * undefined for a message without a zod code, and for one whose wording needs a value that the server
 * did not send. The server sends the values of query and path parameters only, never those of a body.
 */
function toFormIssue(fieldError: FieldError, field: FormField): z.core.$ZodIssue | undefined {
  if (fieldError.code === undefined) return undefined;
  const params = fieldError.params ?? {};
  const isMissing = params.missing === true;
  const hasInput = Object.hasOwn(params, 'input');
  const quotesNoValue =
    fieldError.code === 'invalid_value' || field.kind === 'choice' || field.kind === 'secret';
  if (!isMissing && !hasInput && !quotesNoValue) return undefined;
  // null stands for a value that is there but was not sent, which describeFormIssue never quotes here.
  let input: unknown = null;
  if (isMissing) input = undefined;
  else if (hasInput) input = params.input;
  const issue = { ...params, code: fieldError.code, path: [], message: fieldError.message, input };
  return issue as unknown as z.core.$ZodIssue;
}
