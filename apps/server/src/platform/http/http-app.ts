import type {
  FastifyRequest,
  RouteOptions,
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TokenIssuer } from '@open-cis/sts';
import type { Db, RequestContext } from '../context/request-context.js';
import type { DatabaseScopes } from '../db/database-scopes.js';
import type { PrincipalKind } from '../auth/permissions.js';

/** The Fastify instance every module registers its routes on, typed by the zod type provider. */
export type HttpApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A signed-in user's session, as the handlers of `self` routes need it. */
export type SessionInfo = {
  sessionId: string;
  userId: string;
  kind: PrincipalKind;
  customerId: string | null;
  expiresAt: string;
  /** The session's CSRF token, or null for a session whose token the server cannot derive again. */
  csrfToken: string | null;
};

export type RouteDependencies = {
  /** Background work (bill runs) takes its company's database from here; requests use request.db. */
  database: DatabaseScopes;
  /** Concurrent workers for bill runs started over HTTP (see processBillRun). */
  billRunWorkers: number;
  /** Whether the client reached the server over HTTPS, so that cookies may be marked Secure. */
  isHttps: (request: FastifyRequest) => boolean;
  /** Maximum rows a list returns with format=csv (see readExportRows). */
  csvExportMaxRows: number;
  /** Issues STS tokens for vends; undefined when the server has no vending keys, so vends are refused. */
  tokenIssuer: TokenIssuer | undefined;
  /** Sign-in and password-reset attempts allowed per client address per minute. */
  signInsPerMinute: number;
};

/** A module's routes: `(app) => { app.get(...); ... }`. Listed in src/http/route-plugins.ts. */
export type RoutePlugin = (app: HttpApp, dependencies: RouteDependencies) => void;

declare module 'fastify' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- declaration merging needs an interface
  interface FastifyInstance {
    /** Every route registered on the app, with its options (see registerRouteAccessCheck). */
    declaredRoutes: readonly RouteOptions[];
  }
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- declaration merging needs an interface
  interface FastifyRequest {
    /** The authenticated principal and its company, set by the authentication hook before any handler. */
    context: RequestContext;
    /** The database scoped to the principal's company: row-level security hides every other company's rows. */
    db: Db;
    /** Permissions of the authenticated principal (empty on public routes). */
    permissions: readonly string[];
    /** The session behind a cookie-authenticated request; absent for API keys and public routes. */
    session: SessionInfo | null;
  }
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- declaration merging needs an interface
  interface FastifyContextConfig {
    /** Permission the caller needs, e.g. `payments:write`; every route declares one (or `public: true`). */
    permission?: string;
    /** Kinds of principals the route serves; staff only when absent, so other kinds reach only their routes. */
    principals?: readonly PrincipalKind[];
    public?: boolean;
  }
}
