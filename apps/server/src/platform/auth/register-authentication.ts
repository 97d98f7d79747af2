import type { FastifyRequest } from 'fastify';
import type { Actor, Db, RequestContext } from '../context/request-context.js';
import { AppError } from '../errors/app-error.js';
import type { HttpApp } from '../http/http-app.js';
import { hasPermission, isPermission } from './permissions.js';

/** The company, actor and permissions behind a credential, as the identity module reports them. */
export type Principal = { companyId: string; actor: Actor; permissions: readonly string[] };

export type AuthenticationOptions = {
  /** Returns the principal of a valid API key token, or undefined for an unknown, revoked or malformed one. */
  authenticateApiKey: (token: string) => Promise<Principal | undefined>;
  /** The database as a company sees it, for the handlers of that company's requests. */
  databaseFor: (companyId: string) => Db;
};

const BEARER_PATTERN = /^Bearer\s+(\S+)\s*$/i;

/**
 * Authenticates every request to a non-public route before its body is parsed, sets `request.context`
 * and a request logger carrying the company and actor ids, and checks the route's permission.
 */
export function registerAuthentication(app: HttpApp, options: AuthenticationOptions): void {
  // Fastify wants every request property declared up front. Public routes leave the context unset, so
  // their handlers must not read it.
  app.decorateRequest('context', null as unknown as RequestContext);
  app.decorateRequest('permissions', null as unknown as readonly string[]);
  app.decorateRequest('db', null as unknown as Db);

  app.addHook('onRequest', async (request, reply) => {
    request.permissions = [];
    const config = request.routeOptions.config;
    // Unknown routes go on to the 404 handler, and public routes need no principal.
    if (request.is404 || config.public === true) return;

    const token = readToken(request);
    if (token === undefined) {
      throw new AppError(
        'unauthenticated',
        'AUTH.MISSING_CREDENTIALS',
        'This route needs an API key: send it as "Authorization: Bearer <token>" or in the X-API-Key header.',
      );
    }
    const principal = await options.authenticateApiKey(token);
    if (!principal) {
      throw new AppError('unauthenticated', 'AUTH.INVALID_API_KEY', 'The API key is unknown or revoked.');
    }

    request.context = { companyId: principal.companyId, actor: principal.actor, requestId: request.id };
    request.permissions = principal.permissions;
    request.db = options.databaseFor(principal.companyId);
    request.log = request.log.child({ companyId: principal.companyId, actorId: principal.actor.id });
    reply.log = request.log;

    const required = config.permission;
    if (
      required === undefined ||
      !isPermission(required) ||
      !hasPermission(principal.permissions, required)
    ) {
      throw new AppError(
        'forbidden',
        'AUTH.PERMISSION_MISSING',
        `This API key lacks the permission ${required ?? '(none declared)'} that the route needs.`,
      );
    }
  });
}

function readToken(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization !== '') {
    const match = BEARER_PATTERN.exec(authorization);
    if (!match?.[1]) {
      throw new AppError(
        'unauthenticated',
        'AUTH.UNSUPPORTED_SCHEME',
        'The Authorization header must use the Bearer scheme: "Authorization: Bearer <token>".',
      );
    }
    return match[1];
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey !== '' ? apiKey.trim() : undefined;
}
