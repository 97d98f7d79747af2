import type { RoutePlugin } from '../platform/http/http-app.js';

/** Every module's routes, in registration order. */
export const routePlugins: RoutePlugin[] = [];
