import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Actor, Db, RequestContext } from '../context/request-context.js';
import { accessDenied, AppError } from '../errors/app-error.js';
import type { HttpApp, SessionInfo } from '../http/http-app.js';
import { hasPermission, isPermission, type PrincipalKind } from './permissions.js';

/** The company, actor, kind and permissions behind a credential, as the identity module reports them. */
export type Principal = {
  companyId: string;
  actor: Actor;
  kind: PrincipalKind;
  permissions: readonly string[];
  /** Present for a session cookie: the session and the hash of its CSRF token. */
  session?: SessionInfo & { csrfHash: string };
};

export type AuthenticationOptions = {
  /** Returns the principal of a valid API key token, or undefined for an unknown, revoked or malformed one. */
  authenticateApiKey: (token: string) => Promise<Principal | undefined>;
  /** Returns the principal of a valid session cookie, or undefined for any other. */
  authenticateSession: (token: string) => Promise<Principal | undefined>;
  /** Returns the database scoped to a company, for the handlers of that company's requests. */
  databaseFor: (companyId: string) => Db;
};

export const sessionCookieName = 'cis_session';
export const csrfHeaderName = 'x-csrf-token';

const BEARER_PATTERN = /^Bearer\s+(\S+)\s*$/i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates every request to a non-public route before its body is parsed, from an API key header or
 * a session cookie. It sets `request.context`, `request.db` and a request logger with the company and
 * actor ids, then checks the route's principal kinds and permission. A cookie-authenticated write must
 * also carry the session's CSRF token in the X-CSRF-Token header, which another site cannot read.
 */
export function registerAuthentication(app: HttpApp, options: AuthenticationOptions): void {
  // Fastify wants every request property declared up front. Public routes leave the context unset, so
  // their handlers must not read it.
  app.decorateRequest('context', null as unknown as RequestContext);
  app.decorateRequest('permissions', null as unknown as readonly string[]);
  app.decorateRequest('db', null as unknown as Db);
  app.decorateRequest('session', null);

  app.addHook('onRequest', async (request, reply) => {
    request.permissions = [];
    request.session = null;
    const config = request.routeOptions.config;
    // Unknown routes go on to the 404 handler, and public routes need no principal.
    if (request.is404 || config.public === true) return;

    const principal = await authenticate(request, options);
    request.context = {
      companyId: principal.companyId,
      actor: principal.actor,
      requestId: request.id,
      ip: request.ip,
      permissions: principal.permissions,
    };
    request.permissions = principal.permissions;
    request.db = options.databaseFor(principal.companyId);
    if (principal.session) {
      const { csrfHash, ...session } = principal.session;
      request.session = session;
      if (!SAFE_METHODS.has(request.method)) assertCsrfToken(request, csrfHash);
    }
    request.log = request.log.child({ companyId: principal.companyId, actorId: principal.actor.id });
    reply.log = request.log;

    const kinds = config.principals ?? ['staff'];
    if (!kinds.includes(principal.kind)) {
      throw new AppError(
        'forbidden',
        'AUTH.WRONG_PRINCIPAL_KIND',
        `This route serves ${kinds.join(' and ')} users; a ${principal.kind} session cannot use it.`,
      );
    }
    const required = config.permission;
    if (required === 'self') return;
    if (
      required === undefined ||
      !isPermission(required) ||
      !hasPermission(principal.permissions, required)
    ) {
      throw accessDenied(
        'forbidden',
        'AUTH.PERMISSION_MISSING',
        `This ${principal.session ? 'user' : 'API key'} lacks the permission ${required ?? '(none declared)'} that the route needs.`,
        { permission: required ?? '(none declared)' },
      );
    }
  });
}

async function authenticate(request: FastifyRequest, options: AuthenticationOptions): Promise<Principal> {
  const token = readToken(request);
  if (token !== undefined) {
    const principal = await options.authenticateApiKey(token);
    if (!principal)
      throw new AppError('unauthenticated', 'AUTH.INVALID_API_KEY', 'The API key is unknown or revoked.');
    return principal;
  }
  const cookie = request.cookies[sessionCookieName];
  if (cookie !== undefined && cookie !== '') {
    const principal = await options.authenticateSession(cookie);
    if (!principal) {
      throw new AppError(
        'unauthenticated',
        'AUTH.SESSION_EXPIRED',
        'The session has ended (signed out, expired or idle for too long): sign in again.',
      );
    }
    return principal;
  }
  throw new AppError(
    'unauthenticated',
    'AUTH.MISSING_CREDENTIALS',
    'This route needs an API key ("Authorization: Bearer <token>" or the X-API-Key header) or a session: sign in at POST /v1/auth/sessions.',
  );
}

function assertCsrfToken(request: FastifyRequest, csrfHash: string): void {
  const header = request.headers[csrfHeaderName];
  const presented =
    typeof header === 'string'
      ? createHash('sha256').update(Buffer.from(header, 'base64url')).digest()
      : undefined;
  const stored = Buffer.from(csrfHash, 'hex');
  if (!presented || presented.length !== stored.length || !timingSafeEqual(presented, stored)) {
    throw new AppError(
      'forbidden',
      'AUTH.CSRF_TOKEN_INVALID',
      'A change made with a session cookie needs the X-CSRF-Token header with the csrfToken that sign-in returned.',
    );
  }
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
