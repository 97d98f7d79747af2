import type { ApiError, FieldError } from '../api/client.js';

/** A field of a form, as its validation messages need it. */
export type FormField = {
  /** The label the form shows, which each message of the field names. */
  label: string;
  /**
   * Body paths whose messages show next to this field. A path covers itself and every path below it, so
   * `document` covers the server's `document.energyratestructure.0`.
   */
  paths: readonly string[];
  /** `choice` for a select, whose messages ask for a choice, and `secret` for a password, never quoted. */
  kind?: 'text' | 'choice' | 'secret';
};

/**
 * Finds the field that shows the message of `path`: of the fields with a path covering it, the one
 * whose path is longest, so `usage.registers.1` wins over `usage` for `usage.registers.1.quantity`.
 */
export function findFieldOfPath(fields: readonly FormField[], path: string): FormField | undefined {
  let best: { field: FormField; length: number } | undefined;
  for (const field of fields) {
    for (const fieldPath of field.paths) {
      const covers = path === fieldPath || path.startsWith(`${fieldPath}.`);
      if (covers && (!best || fieldPath.length > best.length)) best = { field, length: fieldPath.length };
    }
  }
  return best?.field;
}

/**
 * Returns the first message of `error` for each field, by the field's name in `fields`. `describe` words
 * a message of the server in the user's language; without it, messages show as the error has them.
 */
export function mapFieldMessages<Name extends string>(
  error: ApiError | null,
  fields: Record<Name, FormField>,
  describe?: (error: ApiError, fieldError: FieldError, field: FormField) => string,
): Partial<Record<Name, string>> {
  const messages: Partial<Record<Name, string>> = {};
  const names = Object.keys(fields) as Name[];
  for (const fieldError of error?.fieldErrors ?? []) {
    const field = findFieldOfPath(Object.values<FormField>(fields), fieldError.path);
    const name = names.find((candidate) => fields[candidate] === field);
    if (error === null || field === undefined || name === undefined || messages[name] !== undefined) continue;
    messages[name] = describe?.(error, fieldError, field) ?? fieldError.message;
  }
  return messages;
}

/** Lists the messages of `error` that belong to none of `fields`, so the form shows them in its alert. */
export function listUnplacedErrors(error: ApiError, fields: readonly FormField[]): FieldError[] {
  return error.fieldErrors.filter((fieldError) => findFieldOfPath(fields, fieldError.path) === undefined);
}
