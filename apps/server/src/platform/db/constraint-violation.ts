/** The parts of a PostgreSQL integrity error that callers map to AppErrors. */
export type ConstraintViolation = {
  /** SQLSTATE: 23505 unique, 23P01 exclusion, 23503 foreign key, 23514 check. */
  sqlState: '23505' | '23P01' | '23503' | '23514';
  constraint: string;
  detail: string | undefined;
};

const INTEGRITY_STATES = new Set(['23505', '23P01', '23503', '23514']);

/**
 * Returns the violated constraint of an error raised by node-postgres or PGlite (both expose `code`,
 * `constraint` and `detail`), or undefined for any other error.
 */
export function findConstraintViolation(error: unknown): ConstraintViolation | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, constraint, detail } = error as Record<string, unknown>;
  if (typeof code !== 'string' || !INTEGRITY_STATES.has(code)) return undefined;
  if (typeof constraint !== 'string') return undefined;
  return {
    sqlState: code as ConstraintViolation['sqlState'],
    constraint,
    detail: typeof detail === 'string' ? detail : undefined,
  };
}
