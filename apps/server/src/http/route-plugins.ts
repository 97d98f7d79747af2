import { companyRoutes } from '../modules/companies/index.js';
import { apiKeyRoutes } from '../modules/identity/index.js';
import type { RoutePlugin } from '../platform/http/http-app.js';

/** Every module's routes, in registration order. */
export const routePlugins: RoutePlugin[] = [companyRoutes, apiKeyRoutes];
