/** A field message of a problem+json error, such as `{ path: 'amount', message: 'must be positive' }`. */
export type FieldError = { path: string; message: string };

/** An API error as problem+json describes it; `fieldErrors` go next to the fields of a form. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly fieldErrors: FieldError[];

  constructor(status: number, message: string, code: string | undefined, fieldErrors: FieldError[]) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fieldErrors = fieldErrors;
  }

  /** Returns the message of one field, such as `fieldMessage('amountMinor')`. */
  fieldMessage(path: string): string | undefined {
    return this.fieldErrors.find((error) => error.path === path)?.message;
  }
}

/** Creates the error of one form field found invalid in the browser, shown like the server's own. */
export function invalidField(path: string, message: string): ApiError {
  return new ApiError(400, message, undefined, [{ path, message }]);
}

const csrfStorageKey = 'open-cis.csrf-token';

/**
 * Keeps the CSRF token of the session in this tab's session storage, because the server returns it only
 * at sign-in and every write made with the session cookie must send it.
 */
export const csrfToken = {
  get: (): string | null => sessionStorage.getItem(csrfStorageKey),
  set: (token: string): void => sessionStorage.setItem(csrfStorageKey, token),
  clear: (): void => sessionStorage.removeItem(csrfStorageKey),
};

let onSessionEnded: (() => void) | undefined;

/** Registers what to do when the server reports that the session has ended (a 401 on a signed-in call). */
export function handleSessionEnd(handler: () => void): void {
  onSessionEnded = handler;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
};

/** Builds a URL of the API with the query values that are set. */
export function apiUrl(path: string, query: Query = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** Calls the API with the session cookie, and the CSRF token on writes; throws ApiError on failure. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const token = csrfToken.get();
  if (method !== 'GET' && token) headers['x-csrf-token'] = token;
  const response = await fetch(apiUrl(path, options.query), {
    method,
    headers,
    credentials: 'same-origin',
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const problem = (body ?? {}) as { detail?: unknown; title?: unknown; code?: unknown; errors?: unknown };
    const detail =
      typeof problem.detail === 'string'
        ? problem.detail
        : typeof problem.title === 'string'
          ? problem.title
          : `${response.status} ${response.statusText}`;
    const fieldErrors = Array.isArray(problem.errors)
      ? (problem.errors as FieldError[]).filter((error) => typeof error?.path === 'string')
      : [];
    const error = new ApiError(
      response.status,
      detail,
      typeof problem.code === 'string' ? problem.code : undefined,
      fieldErrors,
    );
    // A failed sign-in and a 401 from the session check are expected results, not a session that ended.
    if (response.status === 401 && path !== '/v1/auth/sessions' && path !== '/v1/auth/session')
      onSessionEnded?.();
    throw error;
  }
  return body as T;
}
