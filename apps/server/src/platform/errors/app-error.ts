/**
 * How an error maps to HTTP (one exhaustive switch in the HTTP layer): not-found 404, conflict 409,
 * rule-violation 422, forbidden 403, unauthenticated 401, validation 400.
 */
export type AppErrorKind =
  'validation' | 'not-found' | 'conflict' | 'rule-violation' | 'forbidden' | 'unauthenticated';

export type FieldIssue = { path: string; message: string };

/** An error the caller can act on, with a stable code such as `BILLING.BILL_NOT_DRAFT`. */
export class AppError extends Error {
  readonly kind: AppErrorKind;
  readonly code: string;
  readonly fields: FieldIssue[];

  constructor(kind: AppErrorKind, code: string, message: string, fields: FieldIssue[] = []) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.fields = fields;
  }
}

export function notFound(code: string, message: string): AppError {
  return new AppError('not-found', code, message);
}

export function conflict(code: string, message: string): AppError {
  return new AppError('conflict', code, message);
}

export function ruleViolation(code: string, message: string, fields: FieldIssue[] = []): AppError {
  return new AppError('rule-violation', code, message, fields);
}

export function invalidInput(code: string, message: string, fields: FieldIssue[] = []): AppError {
  return new AppError('validation', code, message, fields);
}
