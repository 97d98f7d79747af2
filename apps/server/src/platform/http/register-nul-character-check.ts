import { invalidInput } from '../errors/app-error.js';
import type { HttpApp } from './http-app.js';

/**
 * Rejects a request whose path parameters, query string or JSON body contain a NUL character (U+0000)
 * in a key or a string, with a 400 that names where. PostgreSQL cannot store NUL in text, so such a value
 * would otherwise fail deep in a query with a 500.
 */
export function registerNulCharacterCheck(app: HttpApp): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const found =
      findNulCharacter(request.params, 'params') ??
      findNulCharacter(request.query, 'query') ??
      findNulCharacter(request.body, 'body');
    if (found === undefined) {
      done();
      return;
    }
    done(
      invalidInput(
        'HTTP.NUL_CHARACTER',
        `The request contains a NUL character (U+0000) at ${found}, which no text field can hold: remove it.`,
        [{ path: found, message: 'contains a NUL character' }],
      ),
    );
  });
}

/** Returns the path of the first key or string that contains U+0000, or undefined when none does. */
export function findNulCharacter(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findNulCharacter(item, `${path}.${index}`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path}.${JSON.stringify(key)}`;
    const found = findNulCharacter(item, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}
