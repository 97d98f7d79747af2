import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../../src/modules/identity/index.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import type { CompanyFixture } from '../support/factories/company.js';
import { insertMeteredAccount, insertTariff } from '../support/factories/metered-account.js';
import {
  insertPrepaidAgreement,
  insertPrepaidMeter,
  type PrepaidFixture,
} from '../support/factories/prepaid.js';
import { setUpPrepaidApp } from '../support/factories/prepaid-app.js';
import { describeEachDatabase } from '../support/test-database.js';

type VendJson = { id: string; pan: string; tokens: { token: string }[] };
type MeterJson = { meterId: string; pan: string; accountId: string; accountNumber: string; address: object };

describeEachDatabase('self-service top-ups', (database) => {
  let app: HttpApp;
  let company: CompanyFixture;
  let staff: { authorization: string };
  let sequence = 0;

  beforeAll(async () => {
    ({ app, company, auth: staff } = await setUpPrepaidApp(database()));
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

  async function customerOf(fixture: { accountId: string }): Promise<string> {
    const account = await database()
      .db.selectFrom('customers.account')
      .select('customer_id')
      .where('company_id', '=', company.companyId)
      .where('id', '=', fixture.accountId)
      .executeTakeFirstOrThrow();
    return account.customer_id;
  }

  /** Moves the fixture's account to `customerId`, so that one customer has several accounts. */
  async function moveAccount(fixture: { accountId: string }, customerId: string): Promise<void> {
    await database()
      .db.updateTable('customers.account')
      .set({ customer_id: customerId })
      .where('company_id', '=', company.companyId)
      .where('id', '=', fixture.accountId)
      .execute();
  }

  async function accountNumberOf(fixture: { accountId: string }): Promise<string> {
    const account = await database()
      .db.selectFrom('customers.account')
      .select('account_number')
      .where('company_id', '=', company.companyId)
      .where('id', '=', fixture.accountId)
      .executeTakeFirstOrThrow();
    return account.account_number;
  }

  /** Signs in a self-service user of the customer that owns the fixture's account. */
  async function signInCustomerOf(fixture: { accountId: string }) {
    const customerId = await customerOf(fixture);
    const email = `customer-${++sequence}@self.example.com`;
    const created = await createUser(database().db, systemContext(company.companyId), {
      kind: 'customer',
      email,
      displayName: 'Prepaid customer',
      roles: [],
      customerId,
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
    expect(Object.keys(body.items[0]!)).not.toContain('correction');
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

  it('lists the prepaid meters of all the customer accounts', async () => {
    const first = await insertPrepaidMeter(database().db, company);
    const customerId = await customerOf(first);
    const second = await insertPrepaidMeter(database().db, company);
    await moveAccount(second, customerId);
    // Left out: another customer's meter, a postpaid account, a prepaid agreement whose meter has no STS
    // key data, an ended prepaid agreement and a removed meter.
    await insertPrepaidMeter(database().db, company);
    const postpaid = await insertMeteredAccount(
      database().db,
      company,
      await insertTariff(database().db, company.companyId),
    );
    await moveAccount(postpaid, customerId);
    await moveAccount(await insertPrepaidAgreement(database().db, company), customerId);
    const ended = await insertPrepaidMeter(database().db, company);
    await moveAccount(ended, customerId);
    await database()
      .db.updateTable('agreements.service_agreement')
      .set({ end_on: '2026-02-01' })
      .where('company_id', '=', company.companyId)
      .where('id', '=', ended.agreementId)
      .execute();
    const removed = await insertPrepaidMeter(database().db, company);
    await moveAccount(removed, customerId);
    await database()
      .db.updateTable('devices.meter_installation')
      .set({ removed_on: '2026-03-01' })
      .where('company_id', '=', company.companyId)
      .where('meter_id', '=', removed.meterId)
      .execute();
    const customer = await signInCustomerOf(first);

    const response = await app.inject({
      method: 'GET',
      url: '/v1/self-service/prepaid/meters',
      headers: customer,
    });

    expect(response.statusCode, response.body).toBe(200);
    const expected = await Promise.all(
      [first, second].map(async (fixture) => ({
        meterId: fixture.meterId,
        pan: fixture.pan,
        service: 'electricity',
        accountId: fixture.accountId,
        accountNumber: await accountNumberOf(fixture),
        address: {
          addressLine1: '1 Main Street',
          addressLine2: null,
          city: 'Springfield',
          postalCode: null,
          region: null,
          country: 'US',
        },
      })),
    );
    expected.sort((a, b) => a.accountNumber.localeCompare(b.accountNumber));
    expect(response.json<{ items: MeterJson[] }>().items).toEqual(expected);
  });

  it('lists no meters for a postpaid customer', async () => {
    const postpaid = await insertMeteredAccount(
      database().db,
      company,
      await insertTariff(database().db, company.companyId),
    );
    const customer = await signInCustomerOf(postpaid);

    const meters = await app.inject({
      method: 'GET',
      url: '/v1/self-service/prepaid/meters',
      headers: customer,
    });
    const vends = await app.inject({
      method: 'GET',
      url: '/v1/self-service/prepaid/vends',
      headers: customer,
    });

    expect(meters.statusCode, meters.body).toBe(200);
    expect(meters.json<{ items: MeterJson[] }>().items).toEqual([]);
    expect(vends.json<{ items: VendJson[]; nextBefore: string | null }>()).toEqual({
      items: [],
      nextBefore: null,
    });
  });

  it('keeps staff off the meters of self-service', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/self-service/prepaid/meters',
      headers: staff,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json<{ code: string }>().code).toBe('AUTH.WRONG_PRINCIPAL_KIND');
  });
});
