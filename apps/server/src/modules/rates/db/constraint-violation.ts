/** PostgreSQL SQLSTATE codes the rates module turns into conflicts. */
const uniqueViolation = '23505';
const exclusionViolation = '23P01';

function hasSqlState(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}

/** Returns whether node-postgres or PGlite rejected a row because a unique constraint already has its key. */
export function isUniqueViolation(error: unknown): boolean {
  return hasSqlState(error, uniqueViolation);
}

/** Returns whether an exclusion constraint, such as the one that keeps tariff versions apart, rejected a row. */
export function isExclusionViolation(error: unknown): boolean {
  return hasSqlState(error, exclusionViolation);
}
