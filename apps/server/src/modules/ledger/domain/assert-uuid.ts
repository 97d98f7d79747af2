import { invalidInput } from '../../../platform/errors/app-error.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Throws a validation error naming `field` unless `value` is a UUID, so no malformed id reaches SQL. */
export function assertUuid(value: string, field: string, code: string): void {
  if (!uuidPattern.test(value)) {
    throw invalidInput(
      code,
      `${field} must be a UUID such as 0b9e4a6e-5c1d-4f7a-9a59-3f3c7d0e2b11, got "${value}".`,
      [{ path: field, message: `Expected a UUID, got "${value}".` }],
    );
  }
}
