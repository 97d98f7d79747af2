import type { FieldIssue } from '../errors/app-error.js';
import type { ParamsArgument, ProblemParams } from '../errors/problem-params.js';

export const problemContentType = 'application/problem+json';

/**
 * An RFC 9457 problem details body. `code` is the stable machine-readable code (for example
 * `CUSTOMERS.ACCOUNT_NOT_FOUND`), `instance` is the request id to quote when reporting the failure, and
 * `errors` lists each invalid field with its path. `params`, only on the codes that problemParamTypes
 * lists, contains the values of the message, so that a client can word it in its user's language.
 */
export type ProblemDetails = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  errors: FieldIssue[];
  params?: ProblemParams;
};

/** What an error maps to before the request id is known. */
export type ProblemTemplate = Omit<ProblemDetails, 'type' | 'instance'>;

/** The problem type URI: a URN per code, since the codes are identifiers rather than web pages. */
export function problemTypeFor(code: string): string {
  return `urn:open-cis:problem:${code}`;
}

/**
 * An HTTP-level failure that is not a business error, such as an unknown route or too many requests.
 * The error handler turns it into a problem with exactly this status, code, detail and params. `Code`
 * is the code's literal type, which decides whether `params` is required (see problemParamTypes).
 */
export class HttpProblemError<Code extends string = string> extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly params: ProblemParams | undefined;

  constructor(status: number, code: Code, title: string, detail: string, ...[params]: ParamsArgument<Code>) {
    super(detail);
    this.name = 'HttpProblemError';
    this.status = status;
    this.code = code;
    this.title = title;
    this.params = params;
  }
}
