import { auditRoutes, timelineRoutes } from '../modules/audit/index.js';
import { billCycleRoutes, billingRoutes, rateCheckRoutes } from '../modules/billing/index.js';
import { companyRoutes } from '../modules/companies/index.js';
import { apiKeyRoutes, authRoutes, userRoutes } from '../modules/identity/index.js';
import { accountLedgerRoutes } from '../modules/ledger/index.js';
import { paymentRoutes } from '../modules/payments/index.js';
import { tariffRoutes } from '../modules/rates/index.js';
import { estimationProfileRoutes, readingRoutes, readPeriodRoutes } from '../modules/readings/index.js';
import { agreementRoutes, customerPremiseRoutes } from '../modules/agreements/index.js';
import { webhookRoutes } from '../modules/webhooks/index.js';
import { privacyRoutes } from '../modules/privacy/index.js';
import { searchRoutes } from '../modules/search/index.js';
import {
  keyChangeCampaignRoutes,
  prepaidSetupRoutes,
  prepaidVendRoutes,
  selfServicePrepaidRoutes,
  vendingAgentRoutes,
} from '../modules/prepayment/index.js';

// customers/index.ts does not export its routes: they read agreements, whose use cases import customers.
import { customerRoutes } from '../modules/customers/http/customer-routes.js';
import { meterRoutes } from '../modules/devices/index.js';
import { premiseRoutes } from '../modules/premises/index.js';
import type { RoutePlugin } from '../platform/http/http-app.js';

/** Every module's routes, in registration order. */
export const routePlugins: RoutePlugin[] = [
  companyRoutes,
  authRoutes,
  apiKeyRoutes,
  userRoutes,
  auditRoutes,
  timelineRoutes,
  paymentRoutes,
  accountLedgerRoutes,
  billingRoutes,
  tariffRoutes,
  rateCheckRoutes,
  readingRoutes,
  readPeriodRoutes,
  estimationProfileRoutes,
  billCycleRoutes,
  customerRoutes,
  premiseRoutes,
  meterRoutes,
  agreementRoutes,
  customerPremiseRoutes,
  webhookRoutes,
  privacyRoutes,
  searchRoutes,
  prepaidSetupRoutes,
  keyChangeCampaignRoutes,
  prepaidVendRoutes,
  vendingAgentRoutes,
  selfServicePrepaidRoutes,
];
