import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpApp } from './http-app.js';
import { mapErrorToProblem } from './map-error-to-problem.js';
import {
  problemContentType,
  problemTypeFor,
  type ProblemDetails,
  type ProblemTemplate,
} from './problem-details.js';

/** Sends a problem+json response whose `instance` is the request id. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  template: ProblemTemplate,
): FastifyReply {
  const body: ProblemDetails = {
    type: problemTypeFor(template.code),
    title: template.title,
    status: template.status,
    detail: template.detail,
    instance: request.id,
    code: template.code,
    errors: template.errors,
    ...(template.params ? { params: template.params } : {}),
  };
  // RFC 9110 requires a challenge on every 401.
  if (template.status === 401) void reply.header('www-authenticate', 'Bearer realm="open-cis"');
  return reply.status(template.status).type(problemContentType).send(body);
}

/**
 * Turns every error and unknown route into an RFC 9457 problem. Unexpected errors are logged here, once,
 * with their stack; the response carries only a generic detail and the request id.
 */
export function registerProblemHandlers(app: HttpApp): void {
  app.setErrorHandler((error, request, reply) => {
    const { problem, isUnexpected } = mapErrorToProblem(error, {
      contentType: request.headers['content-type'],
    });
    if (isUnexpected) {
      request.log.error({ err: error }, 'request failed');
    } else if (problem.status >= 500) {
      request.log.warn({ err: error }, 'request failed with a server status');
    }
    return sendProblem(request, reply, problem);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, {
      status: 404,
      title: 'Not Found',
      code: 'HTTP.ROUTE_NOT_FOUND',
      detail: `No route matches ${request.method} ${request.url.split('?')[0]}: see /openapi.json for the routes.`,
      errors: [],
    }),
  );
}
