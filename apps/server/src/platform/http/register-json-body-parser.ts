import type { HttpApp } from './http-app.js';
import { HttpProblemError } from './problem-details.js';

/**
 * Makes JSON the only request body type the API parses. Fastify's own text/plain parser is removed, so a
 * text body gets 415 Unsupported Media Type instead of reaching a JSON schema as a string. Fastify's JSON
 * parser is replaced by one that rejects the keys `__proto__` and `constructor.prototype` with a problem
 * that names the key, where Fastify reported only "not valid JSON". Request bodies keep the server's
 * body limit.
 */
export function registerJsonBodyParser(app: HttpApp): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

function parseJsonBody(text: string): unknown {
  if (text.length === 0) {
    throw new HttpProblemError(
      400,
      'HTTP.EMPTY_JSON_BODY',
      'Bad Request',
      'The request body is empty although Content-Type is application/json: send a JSON body or drop the header.',
    );
  }
  try {
    return JSON.parse(text, rejectPrototypeKeys);
  } catch (error) {
    if (error instanceof HttpProblemError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new HttpProblemError(
      400,
      'HTTP.INVALID_JSON',
      'Bad Request',
      `The request body is not valid JSON (${reason}).`,
    );
  }
}

// JSON.parse stores a "__proto__" key as a plain property, but code that later copies or merges the
// object could set a prototype from it. Fastify's parser (secure-json-parse) rejects the same two keys.
function rejectPrototypeKeys(key: string, value: unknown): unknown {
  const isPrototypeKey =
    key === '__proto__' ||
    (key === 'constructor' &&
      typeof value === 'object' &&
      value !== null &&
      Object.prototype.hasOwnProperty.call(value, 'prototype'));
  if (isPrototypeKey) {
    const name = key === '__proto__' ? '__proto__' : 'constructor.prototype';
    throw new HttpProblemError(
      400,
      'HTTP.FORBIDDEN_JSON_KEY',
      'Bad Request',
      `The JSON key "${name}" is not allowed in a request body, because it could change object prototypes; rename or remove it.`,
    );
  }
  return value;
}
