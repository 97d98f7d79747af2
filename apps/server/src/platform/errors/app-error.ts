import type { ParamsArgument, ProblemParams } from './problem-params.js';

/**
 * How an error maps to HTTP (one exhaustive switch in the HTTP layer): not-found 404, conflict 409,
 * rule-violation 422, forbidden 403, unauthenticated 401, validation 400.
 */
export type AppErrorKind =
  'validation' | 'not-found' | 'conflict' | 'rule-violation' | 'forbidden' | 'unauthenticated';

/**
 * One invalid field of a request. An issue that a zod schema found has the zod issue `code` (such as
 * `too_big`) and, in `params`, the issue's values that a client needs to word it in its own language.
 */
export type FieldIssue = { path: string; message: string; code?: string; params?: ProblemParams };

/**
 * An error the caller can act on, with a stable code such as `BILLING.BILL_NOT_DRAFT`. `params` contains the
 * values a client needs to word the message itself, for the codes that problemParamTypes lists.
 */
export class AppError extends Error {
  readonly kind: AppErrorKind;
  readonly code: string;
  readonly fields: FieldIssue[];
  readonly params: ProblemParams | undefined;

  constructor(
    kind: AppErrorKind,
    code: string,
    message: string,
    fields: FieldIssue[] = [],
    params?: ProblemParams,
  ) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.fields = fields;
    this.params = params;
  }
}

export function notFound<Code extends string>(
  code: Code,
  message: string,
  ...[params]: ParamsArgument<Code>
): AppError {
  return new AppError('not-found', code, message, [], params);
}

export function conflict<Code extends string>(
  code: Code,
  message: string,
  fields: FieldIssue[] = [],
  ...[params]: ParamsArgument<Code>
): AppError {
  return new AppError('conflict', code, message, fields, params);
}

export function ruleViolation<Code extends string>(
  code: Code,
  message: string,
  fields: FieldIssue[] = [],
  ...[params]: ParamsArgument<Code>
): AppError {
  return new AppError('rule-violation', code, message, fields, params);
}

export function invalidInput<Code extends string>(
  code: Code,
  message: string,
  fields: FieldIssue[] = [],
  ...[params]: ParamsArgument<Code>
): AppError {
  return new AppError('validation', code, message, fields, params);
}

/** Throws a 401 or 403 AppError: `forbidden` when the caller is known but lacks a right. */
export function accessDenied<Code extends string>(
  kind: 'forbidden' | 'unauthenticated',
  code: Code,
  message: string,
  ...[params]: ParamsArgument<Code>
): AppError {
  return new AppError(kind, code, message, [], params);
}
