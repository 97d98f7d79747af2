import type { HttpApp } from '../../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../../http/test-http-app.js';
import type { TestDatabase } from '../test-database.js';
import { createTestApiKey } from './api-key.js';
import { insertCompany, type CompanyFixture } from './company.js';
import { testTokenIssuer } from './prepaid.js';

/** An HTTP app that vends, a company of its own, and the header of an API key with every permission. */
export type PrepaidApp = {
  app: HttpApp;
  company: CompanyFixture;
  /** The Authorization header of an API key with the `*` permission. */
  auth: { authorization: string };
};

/**
 * Builds an HTTP app that issues tokens with the test vending keys (see testTokenIssuer), inserts a ZAR
 * company in Africa/Johannesburg and creates an API key with every permission. The caller closes the app.
 */
export async function setUpPrepaidApp(database: TestDatabase): Promise<PrepaidApp> {
  const { app } = await buildTestHttpApp(database, { tokenIssuer: testTokenIssuer() });
  const company = await insertCompany(database.db, { currency: 'ZAR', timeZone: 'Africa/Johannesburg' });
  const key = await createTestApiKey(database.db, company.companyId, ['*']);
  return { app, company, auth: { authorization: `Bearer ${key.token}` } };
}
