import type { z } from 'zod';
import { invalidInput, type FieldIssue } from '../errors/app-error.js';
import { describeZodIssue } from './describe-zod-issue.js';
import { toFieldIssue } from './zod-issue-params.js';

/**
 * Parses `input` with `schema`, or throws a validation AppError whose fields name each invalid path, the
 * value found there and what the schema expected.
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  code: string,
): z.output<Schema> {
  const result = schema.safeParse(input, { reportInput: true, error: describeZodIssue });
  if (result.success) return result.data;
  const fields: FieldIssue[] = result.error.issues.map((issue) =>
    toFieldIssue(
      issue,
      issue.path.map(String).join('.') || '(input)',
      describeIssue(issue.message, issue.input),
      true,
    ),
  );
  const summary = fields.map((field) => `${field.path}: ${field.message}`).join('; ');
  return throwInvalid(code, `Invalid input: ${summary}.`, fields);
}

function throwInvalid(code: string, message: string, fields: FieldIssue[]): never {
  throw invalidInput(code, message, fields);
}

/** Appends the value found to zod's message, unless the field is missing or the message names it already. */
export function describeIssue(message: string, input: unknown): string {
  if (input === undefined) return message;
  const value = describeValue(input);
  const isNamed =
    message.includes(value) || (typeof input === 'string' && input !== '' && message.includes(input));
  return isNamed ? message : `${message} (value: ${value})`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'bigint') return `${value}n`;
  // JSON.stringify returns undefined for functions and symbols, which no parsed JSON body contains.
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
