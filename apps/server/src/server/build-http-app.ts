import { newId } from '../platform/ids/new-id.js';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { fastify, LogController, type FastifyBaseLogger, type FastifyReply } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { TokenIssuer } from '@open-cis/sts';
import { z } from 'zod';
import { routePlugins } from '../http/route-plugins.js';
import cookie from '@fastify/cookie';
import { authenticateApiKey, authenticateSession } from '../modules/identity/index.js';
import { registerAuthentication } from '../platform/auth/register-authentication.js';
import type { DatabaseScopes } from '../platform/db/database-scopes.js';
import { defaultCsvExportMaxRows } from '../platform/db/read-export-rows.js';
import type { HttpApp, RoutePlugin } from '../platform/http/http-app.js';
import { HttpProblemError } from '../platform/http/problem-details.js';
import { registerJsonBodyParser } from '../platform/http/register-json-body-parser.js';
import { registerNulCharacterCheck } from '../platform/http/register-nul-character-check.js';
import { registerProblemHandlers } from '../platform/http/register-problem-handlers.js';
import { registerRequestLogging } from '../platform/http/register-request-logging.js';
import { registerRouteAccessCheck } from '../platform/http/register-route-access-check.js';
import { requestValidatorCompiler } from '../platform/validation/request-validator-compiler.js';
import { registerWebRoutes } from '../web/web-routes.js';
import { registerOpenApi } from './register-openapi.js';
import { isHttpsRequest, type TransportSecurity } from './transport-security.js';

export type BuildHttpAppOptions = {
  database: DatabaseScopes;
  /** Concurrent workers for bill runs started over HTTP; 1 unless given (see recommendedBillRunWorkers). */
  billRunWorkers?: number;
  logger: Logger;
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimitBytes?: number;
  /** Requests per principal (API key, or client IP on public routes) per window, by default 600 a minute. */
  rateLimit?: { max: number; windowMs: number };
  /** Sign-in and password-reset attempts per client address per minute (default 30; see readSignInLimit). */
  signInsPerMinute?: number;
  /** Whether clients reach the server over HTTPS (see readTransportSecurity); plain HTTP by default. */
  transport?: TransportSecurity;
  /** Folder of the built web app (default apps/web/dist). */
  webRoot?: string;
  /** Extra route plugins after the modules' ones, for tests. */
  extraRoutePlugins?: RoutePlugin[];
  /** Maximum rows a list returns with format=csv; 100,000 unless given. */
  csvExportMaxRows?: number;
  /** Issues STS tokens for prepaid vends; without one, vends fail with PREPAYMENT.TOKEN_ISSUER_NOT_CONFIGURED. */
  tokenIssuer?: TokenIssuer;
};

const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
const DEFAULT_RATE_LIMIT = { max: 600, windowMs: 60_000 };
export const DEFAULT_SIGN_INS_PER_MINUTE = 30;

/**
 * Reads CIS_RATE_LIMIT, the requests allowed per API key, user or client address per minute (default 600).
 * A bank or aggregator that sells through one API key needs more: 600 a minute is 10 vends a second.
 */
export function readRateLimit(env: NodeJS.ProcessEnv): { max: number; windowMs: number } {
  const value = env.CIS_RATE_LIMIT;
  if (value === undefined || value === '') return DEFAULT_RATE_LIMIT;
  const max = Number(value);
  if (!Number.isInteger(max) || max < 1) {
    throw new Error(
      `Invalid CIS_RATE_LIMIT "${value}": set it to a whole number of requests per API key, user or client address per minute, 1 or more (default ${DEFAULT_RATE_LIMIT.max}).`,
    );
  }
  return { max, windowMs: DEFAULT_RATE_LIMIT.windowMs };
}

/**
 * Reads CIS_SIGN_IN_LIMIT, the sign-in attempts allowed per client address per minute. Behind a proxy
 * without TRUST_PROXY every user shares the proxy's address, so a large office may need more than 30.
 */
export function readSignInLimit(env: NodeJS.ProcessEnv): number {
  const value = env.CIS_SIGN_IN_LIMIT;
  if (value === undefined || value === '') return DEFAULT_SIGN_INS_PER_MINUTE;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(
      `Invalid CIS_SIGN_IN_LIMIT "${value}": set it to a whole number of sign-in attempts per client address per minute, 1 or more (default ${DEFAULT_SIGN_INS_PER_MINUTE}).`,
    );
  }
  return limit;
}

/**
 * Builds the HTTP API: zod validation and serialisation, problem+json errors, API key authentication,
 * security headers, rate limits, OpenAPI at /openapi.json and every module's routes. The returned app is
 * ready, and building it fails if a route declares neither a permission nor `public: true`.
 */
export async function buildHttpApp(options: BuildHttpAppOptions): Promise<HttpApp> {
  // Typed as Fastify's logger so that the app matches HttpApp, which modules are written against.
  const logger: FastifyBaseLogger = options.logger;
  const transport = options.transport ?? {};
  const app: HttpApp = fastify({
    trustProxy: transport.trustProxy ?? false,
    loggerInstance: logger,
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    genReqId: () => newId(),
    // registerRequestLogging logs one line a request in place of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(requestValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerRequestLogging(app);
  registerProblemHandlers(app);
  registerJsonBodyParser(app);
  registerNulCharacterCheck(app);
  registerRouteAccessCheck(app);
  await app.register(cookie);
  registerAuthentication(app, {
    authenticateApiKey: async (token) => {
      const principal = await authenticateApiKey(options.database, token);
      return (
        principal && {
          companyId: principal.companyId,
          actor: { kind: 'api-key', id: principal.keyId },
          kind: 'staff',
          permissions: principal.permissions,
        }
      );
    },
    authenticateSession: async (token) => {
      const principal = await authenticateSession(options.database, token);
      return (
        principal && {
          companyId: principal.companyId,
          actor: { kind: 'user', id: principal.userId },
          kind: principal.kind,
          permissions: principal.permissions,
          session: {
            sessionId: principal.sessionId,
            userId: principal.userId,
            kind: principal.kind,
            customerId: principal.customerId,
            expiresAt: principal.expiresAt,
            csrfHash: principal.csrfHash,
            csrfToken: principal.csrfToken,
          },
        }
      );
    },
    databaseFor: (companyId) => options.database.forCompany(companyId),
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    if (isHttpsRequest(request.protocol, transport)) addHttpsOnlyHeaders(reply);
  });

  // HSTS and upgrade-insecure-requests are sent only over HTTPS (the onSend hook above): over plain HTTP
  // they would send the browser to an HTTPS endpoint that does not exist.
  await app.register(helmet, {
    global: true,
    hsts: false,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  const limit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  await app.register(rateLimit, {
    max: limit.max,
    timeWindow: limit.windowMs,
    // Runs after authentication (a route-level onRequest hook), so an API key's requests share one budget
    // whatever IP they come from.
    // NOTE: requests that fail authentication are not counted. Guessing a 256-bit secret is hopeless,
    // but each bad key still costs one primary-key lookup, so a flood of them is not throttled here.
    keyGenerator: (request) => request.context?.actor.id ?? request.ip,
    errorResponseBuilder: (request, context) => {
      // Routes such as sign-in set a window of their own.
      const routeLimit = request.routeOptions.config.rateLimit;
      const windowMs =
        routeLimit && typeof routeLimit.timeWindow === 'number' ? routeLimit.timeWindow : limit.windowMs;
      return new HttpProblemError(
        429,
        'HTTP.TOO_MANY_REQUESTS',
        'Too Many Requests',
        `Rate limit of ${context.max} requests per ${formatSeconds(windowMs)} exceeded: retry after ${formatSeconds(context.ttl)}, as the Retry-After header says.`,
        {
          limit: context.max,
          windowSeconds: wholeSeconds(windowMs),
          retryAfterSeconds: wholeSeconds(context.ttl),
        },
      );
    },
  });
  await registerOpenApi(app);

  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['platform'],
        summary: 'Liveness check',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    () => ({ status: 'ok' as const }),
  );
  await registerWebRoutes(app, options.webRoot);

  for (const plugin of [...routePlugins, ...(options.extraRoutePlugins ?? [])]) {
    plugin(app, {
      database: options.database,
      billRunWorkers: options.billRunWorkers ?? 1,
      isHttps: (request) => isHttpsRequest(request.protocol, transport),
      csvExportMaxRows: options.csvExportMaxRows ?? defaultCsvExportMaxRows,
      tokenIssuer: options.tokenIssuer,
      signInsPerMinute: options.signInsPerMinute ?? DEFAULT_SIGN_INS_PER_MINUTE,
    });
  }

  await app.ready();
  return app;
}

/** Rounds a duration up to whole seconds, at least 1, as the Retry-After header states it. */
function wholeSeconds(durationMs: number): number {
  return Math.max(1, Math.ceil(durationMs / 1000));
}

/** Formats a duration for a message, rounded up to whole seconds: "60 seconds", "1 second". */
function formatSeconds(durationMs: number): string {
  const seconds = wholeSeconds(durationMs);
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

// The value helmet 8 sends by default: one year, subdomains included.
const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

function addHttpsOnlyHeaders(reply: FastifyReply): void {
  void reply.header('strict-transport-security', HSTS_VALUE);
  const policy = reply.getHeader('content-security-policy');
  if (typeof policy === 'string' && !policy.includes('upgrade-insecure-requests')) {
    void reply.header('content-security-policy', `${policy};upgrade-insecure-requests`);
  }
}
