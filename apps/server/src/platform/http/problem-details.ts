import type { FieldIssue } from '../errors/app-error.js';

export const problemContentType = 'application/problem+json';

/**
 * An RFC 9457 problem details body. `code` is the stable machine-readable code (for example
 * `CUSTOMERS.ACCOUNT_NOT_FOUND`), `instance` is the request id to quote when reporting the failure, and
 * `errors` lists each invalid field with its path.
 */
export type ProblemDetails = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  errors: FieldIssue[];
};

/** What an error maps to before the request id is known. */
export type ProblemTemplate = Omit<ProblemDetails, 'type' | 'instance'>;

/** The problem type URI: a URN per code, since the codes are identifiers rather than web pages. */
export function problemTypeFor(code: string): string {
  return `urn:open-cis:problem:${code}`;
}

/**
 * An HTTP-level failure that is not a business error, such as an unknown route or too many requests.
 * The error handler turns it into a problem with exactly this status, code and detail.
 */
export class HttpProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;

  constructor(status: number, code: string, title: string, detail: string) {
    super(detail);
    this.name = 'HttpProblemError';
    this.status = status;
    this.code = code;
    this.title = title;
  }
}
