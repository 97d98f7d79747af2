import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../../src/modules/identity/index.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { createTestApiKey } from '../support/factories/api-key.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { insertPrepaidMeter, testTokenIssuer, type PrepaidFixture } from '../support/factories/prepaid.js';
import { describeEachDatabase } from '../support/test-database.js';

type VendJson = { id: string; pan: string; tokens: { token: string }[] };

describeEachDatabase('self-service top-ups', (database) => {
  let app: HttpApp;
  let company: CompanyFixture;
  let staff: { authorization: string };
  let sequence = 0;

  beforeAll(async () => {
    ({ app } = await buildTestHttpApp(database(), { tokenIssuer: testTokenIssuer() }));
    company = await insertCompany(database().db, { currency: 'ZAR', timeZone: 'Africa/Johannesburg' });
    staff = {
      authorization: `Bearer ${(await createTestApiKey(database().db, company.companyId, ['*'])).token}`,
    };
  });
  afterAll(async () => {
    await app.close();
  });

  async function sell(fixture: PrepaidFixture): Promise<VendJson> {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/prepaid/vends',
      headers: { ...staff, 'idempotency-key': `self-${++sequence}-${company.companyId.slice(0, 8)}` },
      payload: { pan: fixture.pan, amountMinor: '1000', currency: 'ZAR' },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<VendJson>();
  }

  /** Signs in a self-service user of the customer that owns the fixture's account. */
  async function signInCustomerOf(fixture: PrepaidFixture) {
    const account = await database()
      .db.selectFrom('customers.account')
      .select('customer_id')
      .where('company_id', '=', company.companyId)
      .where('id', '=', fixture.accountId)
      .executeTakeFirstOrThrow();
    const email = `customer-${++sequence}@self.example.com`;
    const created = await createUser(database().db, systemContext(company.companyId), {
      kind: 'customer',
      email,
      displayName: 'Prepaid customer',
      roles: [],
      customerId: account.customer_id,
    });
    const password = 'customer password long enough';
    await app.inject({
      method: 'POST',
      url: '/v1/auth/password-resets',
      payload: { token: created.passwordSetupToken, newPassword: password },
    });
    const signedIn = await app.inject({
      method: 'POST',
      url: '/v1/auth/sessions',
      payload: { company: company.code, kind: 'customer', email, password },
    });
    expect(signedIn.statusCode, signedIn.body).toBe(201);
    return {
      cookie: `cis_session=${signedIn.cookies.find((entry) => entry.name === 'cis_session')?.value ?? ''}`,
    };
  }

  it('shows a customer its own top-ups and tokens', async () => {
    const mine = await insertPrepaidMeter(database().db, company);
    const theirs = await insertPrepaidMeter(database().db, company);
    const first = await sell(mine);
    const second = await sell(mine);
    await sell(theirs);
    const reversed = await sell(mine);
    await app.inject({
      method: 'POST',
      url: `/v1/prepaid/vends/${reversed.id}/reverse`,
      headers: staff,
      payload: { reason: 'wrong amount' },
    });
    const customer = await signInCustomerOf(mine);

    const page = await app.inject({
      method: 'GET',
      url: '/v1/self-service/prepaid/vends?limit=1',
      headers: customer,
    });
    expect(page.statusCode, page.body).toBe(200);
    const body = page.json<{ items: VendJson[]; nextBefore: string | null }>();
    expect(body.items.map((vend) => vend.id)).toEqual([second.id]);
    expect(body.items[0]!.tokens[0]!.token).toBe(second.tokens[0]!.token);
    expect(Object.keys(body.items[0]!)).not.toContain('commissionMinor');
    const next = await app.inject({
      method: 'GET',
      url: `/v1/self-service/prepaid/vends?limit=1&before=${encodeURIComponent(body.nextBefore ?? '')}`,
      headers: customer,
    });
    const rest = next.json<{ items: VendJson[]; nextBefore: string | null }>();
    expect(rest.items.map((vend) => vend.id)).toEqual([first.id]);
    expect(rest.nextBefore).toBeNull();
  });

  it('keeps customers off the staff vending routes', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const customer = await signInCustomerOf(fixture);
    const response = await app.inject({ method: 'GET', url: '/v1/prepaid/agents', headers: customer });
    expect(response.statusCode).toBe(403);
    const staffOnly = await app.inject({
      method: 'GET',
      url: '/v1/self-service/prepaid/vends',
      headers: staff,
    });
    expect(staffOnly.statusCode).toBe(403);
  });
});
