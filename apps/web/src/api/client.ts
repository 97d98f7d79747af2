import type { ProblemParams } from '../../../server/src/platform/errors/problem-params.js';

/**
 * A field message of a problem+json error, such as `{ path: 'amount', message: 'must be positive' }`.
 * A message that the server's schema found has the zod issue `code` and, in `params`, its values.
 */
export type FieldError = { path: string; message: string; code?: string; params?: ProblemParams };

/** Parts of a problem+json body beyond its status, detail, code and field messages. */
export type ProblemExtras = {
  /** The values of the message, on the codes that problemParamTypes lists. */
  params?: ProblemParams;
  /** The request id, which a report of the failure quotes. */
  requestId?: string;
};

/**
 * An API error as problem+json describes it; `fieldErrors` go next to the fields of a form. `message` is
 * the server's detail, in English, so screens show describeApiError's message, in the user's language.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly fieldErrors: FieldError[];
  readonly params: ProblemParams | undefined;
  readonly requestId: string | undefined;

  constructor(
    status: number,
    message: string,
    code: string | undefined,
    fieldErrors: FieldError[],
    extras: ProblemExtras = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fieldErrors = fieldErrors;
    this.params = extras.params;
    this.requestId = extras.requestId;
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
 * Keeps the CSRF token of the session in this tab's session storage, because every write made with the
 * session cookie must send it. A tab that did not sign in, such as one opened with Ctrl+click, gets it from
 * GET /v1/auth/session. Session storage rather than local storage keeps no copy on disk after the
 * browser closes, and a script injected into the page could read the token from either place.
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

/** Writes made before signing in, which need no CSRF token. */
const publicWrites = new Set(['/v1/auth/sessions', '/v1/auth/password-reset-requests']);

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

/**
 * Fetches the CSRF token of the signed-in session into this tab's storage. Returns whether it got one,
 * which it does not when no session is open.
 */
async function recoverCsrfToken(signal: AbortSignal | undefined): Promise<boolean> {
  const response = await fetch('/v1/auth/session', {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) return false;
  const session = (await response.json().catch(() => undefined)) as { csrfToken?: unknown } | undefined;
  if (typeof session?.csrfToken !== 'string') return false;
  csrfToken.set(session.csrfToken);
  return true;
}

/** Calls the API with the session cookie, and the CSRF token on writes; throws ApiError on failure. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const send = () => {
    const token = csrfToken.get();
    if (method !== 'GET' && token) headers['x-csrf-token'] = token;
    return fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  };
  const needsToken = method !== 'GET' && !publicWrites.has(path);
  if (needsToken && !csrfToken.get()) await recoverCsrfToken(options.signal);
  let response = await send();
  // The token in this tab's storage may belong to a session that another tab has since replaced. The
  // server rejects a wrong token before it reads the body, so the rejected request changed nothing and
  // can be sent again.
  if (needsToken && response.status === 403 && (await isCsrfRejection(response))) {
    if (await recoverCsrfToken(options.signal)) response = await send();
  }
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const problem = (body ?? {}) as {
      detail?: unknown;
      title?: unknown;
      code?: unknown;
      errors?: unknown;
      params?: unknown;
      instance?: unknown;
    };
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
      {
        ...(isRecord(problem.params) ? { params: problem.params as ProblemParams } : {}),
        ...(typeof problem.instance === 'string' ? { requestId: problem.instance } : {}),
      },
    );
    // A failed sign-in and a 401 from the session check are expected results, not a session that ended.
    if (response.status === 401 && path !== '/v1/auth/sessions' && path !== '/v1/auth/session')
      onSessionEnded?.();
    throw error;
  }
  return body as T;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function isCsrfRejection(response: Response): Promise<boolean> {
  const problem = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { code?: unknown } | undefined;
  return problem?.code === 'AUTH.CSRF_TOKEN_INVALID';
}
