import { AppError, type AppErrorKind, type FieldIssue } from '../errors/app-error.js';
import { RequestValidationError } from '../validation/request-validator-compiler.js';
import { mapDatabaseErrorToProblem } from './database-error-problem.js';
import { HttpProblemError, type ProblemTemplate } from './problem-details.js';

/** A mapped problem, and whether the original error must be logged because no other code logs it. */
export type MappedProblem = { problem: ProblemTemplate; isUnexpected: boolean };

/** Maps an error kind to its HTTP status; the only place where this mapping is made. */
export function statusForKind(kind: AppErrorKind): { status: number; title: string } {
  switch (kind) {
    case 'validation':
      return { status: 400, title: 'Bad Request' };
    case 'unauthenticated':
      return { status: 401, title: 'Unauthorized' };
    case 'forbidden':
      return { status: 403, title: 'Forbidden' };
    case 'not-found':
      return { status: 404, title: 'Not Found' };
    case 'conflict':
      return { status: 409, title: 'Conflict' };
    case 'rule-violation':
      return { status: 422, title: 'Unprocessable Content' };
  }
}

// Fastify's own request errors. Their messages describe the request, not the server, so they are safe
// to return; the ones listed here get a clearer detail.
const fastifyRequestErrors: Record<string, { code: string; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'HTTP.BODY_TOO_LARGE',
    detail: 'The request body is larger than the server accepts: send a smaller body or split the request.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'HTTP.INVALID_CONTENT_LENGTH',
    detail: 'The Content-Length header does not match the body.',
  },
};

const titlesByStatus: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
};

/** The parts of the request that a problem detail may quote. */
export type RequestSummary = { contentType?: string | undefined };

/** Maps any thrown value to a problem; anything not recognised is a 500 with a generic detail. */
export function mapErrorToProblem(error: unknown, request: RequestSummary = {}): MappedProblem {
  if (error instanceof AppError) {
    const { status, title } = statusForKind(error.kind);
    return expected({
      status,
      title,
      code: error.code,
      detail: error.message,
      errors: error.fields,
      ...(error.params ? { params: error.params } : {}),
    });
  }
  if (error instanceof HttpProblemError) {
    return expected({
      status: error.status,
      title: error.title,
      code: error.code,
      detail: error.message,
      errors: [],
      ...(error.params ? { params: error.params } : {}),
    });
  }
  if (error instanceof RequestValidationError) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    const errors: FieldIssue[] = error.issues.map((issue) => ({
      ...issue,
      path: fieldPath(context, issue.path),
    }));
    const summary = errors.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    return expected({
      status: 400,
      title: 'Bad Request',
      code: 'HTTP.VALIDATION_FAILED',
      detail: `The request has invalid fields: ${summary}`,
      errors,
    });
  }
  const databaseProblem = mapDatabaseErrorToProblem(error);
  if (databaseProblem) return expected(databaseProblem);

  const fastifyProblem = mapFastifyRequestError(error, request);
  if (fastifyProblem) return expected(fastifyProblem);

  return {
    problem: {
      status: 500,
      title: 'Internal Server Error',
      code: 'HTTP.INTERNAL_ERROR',
      detail: 'The server failed to process the request. Quote the instance (request id) when reporting it.',
      errors: [],
    },
    isUnexpected: true,
  };
}

function expected(problem: ProblemTemplate): MappedProblem {
  return { problem, isUnexpected: false };
}

function mapFastifyRequestError(error: unknown, request: RequestSummary): ProblemTemplate | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_')) return undefined;
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  const known = fastifyRequestErrors[code];
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    const received = request.contentType
      ? `Content-Type ${request.contentType}`
      : 'a body without Content-Type';
    return {
      status: statusCode,
      title: 'Unsupported Media Type',
      code: 'HTTP.UNSUPPORTED_MEDIA_TYPE',
      detail: `The request has ${received}, which this route does not accept: send the body as JSON with Content-Type: application/json.`,
      errors: [],
    };
  }
  return {
    status: statusCode,
    title: titlesByStatus[statusCode] ?? 'Bad Request',
    code: known?.code ?? 'HTTP.BAD_REQUEST',
    detail: known?.detail ?? error.message,
    errors: [],
  };
}

/** `body` paths are bare (`lines.0.amount`); others name their part (`query.limit`, `params.id`). */
function fieldPath(context: string, path: string): string {
  const segments = path.split('.').filter((segment) => segment !== '');
  const part = context === 'querystring' ? 'query' : context;
  if (part === 'body') return segments.length > 0 ? segments.join('.') : 'body';
  return [part, ...segments].join('.');
}
