import type { ProblemTemplate } from './problem-details.js';

/** The fields that node-postgres and PGlite both set on a server error. */
type DatabaseErrorFields = {
  code: string;
  severity: string;
  constraint?: string | undefined;
  message: string;
};

function isDatabaseError(error: unknown): error is DatabaseErrorFields {
  if (typeof error !== 'object' || error === null) return false;
  const fields = error as Record<string, unknown>;
  return (
    typeof fields.code === 'string' &&
    /^[0-9A-Z]{5}$/.test(fields.code) &&
    typeof fields.severity === 'string'
  );
}

/**
 * Maps a PostgreSQL constraint or concurrency error that escaped a use case to a 409 or 422 problem.
 * The detail names the constraint, which helps a developer find the rule, but never the SQL text or the
 * row values that PostgreSQL puts in its message and detail fields. Returns undefined for other errors.
 */
export function mapDatabaseErrorToProblem(error: unknown): ProblemTemplate | undefined {
  if (!isDatabaseError(error)) return undefined;
  const constraint = error.constraint ? ` (constraint ${error.constraint})` : '';
  switch (error.code) {
    case '23505':
      return problem(
        409,
        'DATABASE.UNIQUE_VIOLATION',
        'Conflict',
        `A record with the same unique value exists already${constraint}.`,
      );
    case '23P01':
      return problem(
        409,
        'DATABASE.EXCLUSION_VIOLATION',
        'Conflict',
        `The record overlaps an existing one${constraint}.`,
      );
    case '23514':
      return problem(
        422,
        'DATABASE.CHECK_VIOLATION',
        'Unprocessable Content',
        `A value breaks a rule of the data model${constraint}.`,
      );
    case '23502':
      return problem(
        422,
        'DATABASE.NOT_NULL_VIOLATION',
        'Unprocessable Content',
        'A required value is missing.',
      );
    case '23503':
      // PostgreSQL starts the message with "update or delete" when the row is still referenced elsewhere.
      return error.message.startsWith('update or delete')
        ? problem(
            409,
            'DATABASE.STILL_REFERENCED',
            'Conflict',
            `The record is still referenced by other records${constraint}.`,
          )
        : problem(
            422,
            'DATABASE.REFERENCE_NOT_FOUND',
            'Unprocessable Content',
            `The request refers to a record that does not exist${constraint}.`,
          );
    case '40001':
    case '40P01':
      return problem(
        409,
        'DATABASE.CONCURRENT_UPDATE',
        'Conflict',
        'A concurrent change got in the way: retry the request.',
      );
    default:
      return undefined;
  }
}

function problem(status: number, code: string, title: string, detail: string): ProblemTemplate {
  return { status, code, title, detail, errors: [] };
}
