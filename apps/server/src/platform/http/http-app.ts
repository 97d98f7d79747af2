import type {
  RouteOptions,
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db, RequestContext } from '../context/request-context.js';
import type { DatabaseScopes } from '../db/database-scopes.js';

/** The Fastify instance every module registers its routes on, typed by the zod type provider. */
export type HttpApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export type RouteDependencies = {
  /** Background work (bill runs) takes its company's database from here; requests use request.db. */
  database: DatabaseScopes;
  /** Concurrent workers for bill runs started over HTTP (see processBillRun). */
  billRunWorkers: number;
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
    /** The database as the principal's company sees it: row-level security shows no other company's rows. */
    db: Db;
    /** Permissions of the authenticated principal (empty on public routes). */
    permissions: readonly string[];
  }
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- declaration merging needs an interface
  interface FastifyContextConfig {
    /** Permission the caller needs, e.g. `payments:write`; every route declares one (or `public: true`). */
    permission?: string;
    public?: boolean;
  }
}
