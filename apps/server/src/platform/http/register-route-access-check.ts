import type { RouteOptions } from 'fastify';
import { isRoutePermission, principalKinds } from '../auth/permissions.js';
import type { HttpApp } from './http-app.js';

/**
 * Makes `app.ready()` fail when a route declares neither `config.permission` nor `config.public: true`,
 * or names a permission that permissions.ts does not list. This way a forgotten permission stops the
 * server at start instead of opening a route to every API key. Register it before any route. The routes
 * stay readable as `app.declaredRoutes`, which the isolation and permission tests walk.
 */
export function registerRouteAccessCheck(app: HttpApp): void {
  // Options objects are kept, not copied: onRoute hooks of child scopes (the docs scope marks its routes
  // public) may still change a route's config after this hook has seen it.
  const routes: RouteOptions[] = [];
  app.decorate('declaredRoutes', routes);
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.addHook('onReady', () => {
    const problems = routes.flatMap((route) => describeAccessProblem(route) ?? []);
    if (problems.length === 0) return Promise.resolve();
    return Promise.reject(new Error(`Routes with invalid access settings:\n${problems.join('\n')}`));
  });
}

function describeAccessProblem(route: RouteOptions): string | undefined {
  const config = (route.config ?? {}) as { permission?: unknown; public?: unknown; principals?: unknown };
  const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
  const name = `${methods} ${route.url}`;
  if (config.public === true) {
    return config.permission === undefined ? undefined : `${name}: declares both public and a permission.`;
  }
  if (config.permission === undefined) {
    return `${name}: declares neither config.permission nor config.public; add one.`;
  }
  if (typeof config.permission !== 'string' || !isRoutePermission(config.permission)) {
    return `${name}: unknown permission ${JSON.stringify(config.permission)}; use one listed in permissions.ts.`;
  }
  const principals = config.principals;
  if (
    principals !== undefined &&
    (!Array.isArray(principals) ||
      principals.length === 0 ||
      principals.some((kind) => !(principalKinds as readonly unknown[]).includes(kind)))
  ) {
    return `${name}: invalid principals ${JSON.stringify(principals)}; list some of ${principalKinds.join(', ')}.`;
  }
  return undefined;
}
