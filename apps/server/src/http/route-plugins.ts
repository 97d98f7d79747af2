import { billingRoutes } from '../modules/billing/index.js';
import { companyRoutes } from '../modules/companies/index.js';
import { apiKeyRoutes } from '../modules/identity/index.js';
import { accountLedgerRoutes } from '../modules/ledger/index.js';
import { paymentRoutes } from '../modules/payments/index.js';
import { tariffRoutes } from '../modules/rates/index.js';
import { readingRoutes } from '../modules/readings/index.js';
import type { RoutePlugin } from '../platform/http/http-app.js';

/** Every module's routes, in registration order. */
export const routePlugins: RoutePlugin[] = [
  companyRoutes,
  apiKeyRoutes,
  paymentRoutes,
  accountLedgerRoutes,
  billingRoutes,
  tariffRoutes,
  readingRoutes,
];
