import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordAudit } from '../../src/platform/audit/record-audit.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { createTestApiKey } from '../support/factories/api-key.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { insertTariff } from '../support/factories/metered-account.js';
import { insertIssuedBill } from '../support/factories/payments.js';
import { describeEachDatabase } from '../support/test-database.js';

type TimelineEvent = {
  id: string;
  entityType: string;
  entityId: string;
  action: string;
  changes: Record<string, unknown>;
  redacted: boolean;
};
type TimelinePage = { items: TimelineEvent[]; nextBefore: string | null };

describeEachDatabase('customer timeline', (database) => {
  let app: HttpApp;
  let company: CompanyFixture;
  let token: string;
  let customerId: string;
  let ids: { account: string; agreement: string; bill: string; payment: string };
  let otherCustomerAccount: string;

  beforeAll(async () => {
    const { db } = database();
    ({ app } = await buildTestHttpApp(database()));
    company = await insertCompany(db);
    token = (await createTestApiKey(db, company.companyId, ['*'])).token;

    customerId = idOf(
      await send('POST', '/v1/customers', { kind: 'person', givenName: 'Ada', familyName: 'Lovelace' }),
    );
    await send('PATCH', `/v1/customers/${customerId}`, { givenName: 'Augusta' });
    const account = idOf(
      await send('POST', '/v1/accounts', {
        customerId,
        billCycleId: company.billCycleId,
        billDelivery: 'post',
      }),
    );
    const premiseId = idOf(
      await send('POST', '/v1/premises', {
        addressLine1: '12 St James Square',
        city: 'London',
        country: 'GB',
      }),
    );
    const servicePointId = idOf(
      await send('POST', '/v1/service-points', { premiseId, service: 'electricity' }),
    );
    const agreement = idOf(
      await send('POST', '/v1/agreements', {
        accountId: account,
        servicePointId,
        tariffId: await insertTariff(db, company.companyId),
        startOn: '2026-01-01',
      }),
    );
    // A bill run writes this event with the bill, which this test inserts directly.
    const bill = await insertIssuedBill(db, company, account, {
      totalMinor: 4200n,
      issueDate: '2026-02-03',
      dueDate: '2026-02-23',
    });
    await db.transaction().execute((trx) =>
      recordAudit(trx, systemContext(company.companyId, 'bill-run'), [
        {
          entityType: 'bill',
          entityId: bill.billId,
          action: 'create',
          changes: { totalMinor: [null, '4200'] },
        },
      ]),
    );
    const payment = idOf(
      await send(
        'POST',
        '/v1/payments',
        { accountId: account, amountMinor: '4200', currency: 'EUR', method: 'cash' },
        { 'idempotency-key': randomUUID() },
      ),
    );
    ids = { account, agreement, bill: bill.billId, payment };

    const otherCustomer = idOf(
      await send('POST', '/v1/customers', { kind: 'person', givenName: 'Charles', familyName: 'Babbage' }),
    );
    otherCustomerAccount = idOf(
      await send('POST', '/v1/accounts', {
        customerId: otherCustomer,
        billCycleId: company.billCycleId,
        billDelivery: 'post',
      }),
    );
  });
  afterAll(async () => {
    await app.close();
  });

  async function send(
    method: 'POST' | 'PATCH',
    url: string,
    payload: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const response = await app.inject({
      method,
      url,
      payload,
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
    if (response.statusCode >= 300)
      throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response;
  }

  const idOf = (response: LightMyRequestResponse) => response.json<{ id: string }>().id;

  const timeline = (query = '', bearer = token, customer = customerId) =>
    app.inject({
      method: 'GET',
      url: `/v1/customers/${customer}/timeline${query}`,
      headers: { authorization: `Bearer ${bearer}` },
    });

  it('lists the records of a customer newest first', async () => {
    const response = await timeline('?limit=100');

    expect(response.statusCode).toBe(200);
    const page = response.json<TimelinePage>();
    expect(page.nextBefore).toBeNull();
    const entities = page.items.map((event) => `${event.entityType} ${event.action}`);
    expect(entities).toEqual([
      'payment_allocation create',
      'payment create',
      'bill create',
      'service-agreement create',
      'account create',
      'customer update',
      'customer create',
    ]);
    expect(page.items.map((event) => event.entityId)).toEqual(
      expect.arrayContaining([customerId, ids.account, ids.agreement, ids.bill, ids.payment]),
    );
    expect(page.items.map((event) => event.entityId)).not.toContain(otherCustomerAccount);
    expect(page.items.every((event) => !event.redacted)).toBe(true);
  });

  it('pages with the before cursor', async () => {
    const all = (await timeline('?limit=100')).json<TimelinePage>().items.map((event) => event.id);
    const paged: string[] = [];
    let before: string | null = null;
    do {
      const query: string = before === null ? '?limit=3' : `?limit=3&before=${before}`;
      const page: TimelinePage = (await timeline(query)).json<TimelinePage>();
      paged.push(...page.items.map((event) => event.id));
      before = page.nextBefore;
    } while (before !== null);

    expect(paged).toEqual(all);
  });

  it('filters by entity type', async () => {
    const page = (await timeline('?entityType=payment')).json<TimelinePage>();

    expect(page.items.map((event) => [event.entityType, event.entityId])).toEqual([['payment', ids.payment]]);
  });

  it('redacts records the key may not read', async () => {
    const customersOnly = (await createTestApiKey(database().db, company.companyId, ['customers:read']))
      .token;

    const page = (await timeline('?limit=100', customersOnly)).json<TimelinePage>();

    const byType = new Map(page.items.map((event) => [event.entityType, event]));
    expect(byType.get('customer')?.redacted).toBe(false);
    expect(byType.get('payment')?.redacted).toBe(true);
    expect(byType.get('bill')).toMatchObject({ redacted: true, changes: { totalMinor: null } });
    expect(byType.get('service-agreement')?.redacted).toBe(true);
  });

  it('rejects an unknown cursor', async () => {
    const response = await timeline(`?before=${randomUUID()}`);

    expect(response.statusCode).toBe(400);
    expect(response.json<{ code: string; errors: { path: string }[] }>()).toMatchObject({
      code: 'AUDIT.UNKNOWN_CURSOR',
      errors: [{ path: 'before' }],
    });
  });

  it("finds no other company's customer", async () => {
    const other = await insertCompany(database().db);
    const otherToken = (await createTestApiKey(database().db, other.companyId, ['*'])).token;

    const response = await timeline('', otherToken);

    expect(response.statusCode).toBe(404);
    expect(response.json<{ code: string }>().code).toBe('CUSTOMERS.CUSTOMER_NOT_FOUND');
  });
});
