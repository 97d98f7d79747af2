import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TimelineEvent } from '../../src/modules/audit/domain/timeline-event.js';
import { recordAudit } from '../../src/platform/audit/record-audit.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { createTestApiKey } from '../support/factories/api-key.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { insertIssuedBill, type IssuedBillFixture } from '../support/factories/payments.js';
import { describeEachDatabase } from '../support/test-database.js';

type Actor = TimelineEvent['actor'];
type TimelinePage = { items: TimelineEvent[]; nextBefore: string | null };

const password = 'correct horse battery staple';

describeEachDatabase('account timeline', (database) => {
  let app: HttpApp;
  let company: CompanyFixture;
  let token: string;
  let apiKeyId: string;
  let userId: string;
  let session: { cookie: string; csrf: string };
  let account: { id: string; accountNumber: string };
  let bill: IssuedBillFixture;
  let payment: { id: string; receivedOn: string };
  let otherAccount: { id: string; billId: string; paymentId: string };

  beforeAll(async () => {
    const { db } = database();
    ({ app } = await buildTestHttpApp(database()));
    company = await insertCompany(db);
    ({ keyId: apiKeyId, token } = await createTestApiKey(db, company.companyId, ['*']));

    const created = await send('POST', '/v1/users', {
      email: 'grace@example.com',
      displayName: 'Grace Hopper',
      roles: ['cashier'],
      kind: 'staff',
    });
    const user = created.json<{ user: { id: string }; passwordSetup: { token: string } }>();
    userId = user.user.id;
    await app.inject({
      method: 'POST',
      url: '/v1/auth/password-resets',
      payload: { token: user.passwordSetup.token, newPassword: password },
    });
    const signedIn = await app.inject({
      method: 'POST',
      url: '/v1/auth/sessions',
      payload: { company: company.code, email: 'grace@example.com', password },
    });
    session = {
      cookie: signedIn.cookies.find((cookie) => cookie.name === 'cis_session')?.value ?? '',
      csrf: signedIn.json<{ csrfToken: string }>().csrfToken,
    };

    const customerId = idOf(
      await send('POST', '/v1/customers', { kind: 'person', givenName: 'Ada', familyName: 'Lovelace' }),
    );
    const accountBody = { customerId, billCycleId: company.billCycleId, billDelivery: 'post' };
    account = (await send('POST', '/v1/accounts', accountBody)).json<{ id: string; accountNumber: string }>();
    // The customer's second account: its bill and payment belong to the customer, not to `account`.
    const secondAccount = idOf(await send('POST', '/v1/accounts', accountBody));

    bill = await insertBillByBillRun(account.id, 4200n);
    // A staff user posts the payment, and the allocation to the bill comes with it.
    payment = (
      await app.inject({
        method: 'POST',
        url: '/v1/payments',
        payload: { accountId: account.id, amountMinor: '4200', currency: 'EUR', method: 'cash' },
        cookies: { cis_session: session.cookie },
        headers: { 'x-csrf-token': session.csrf, 'idempotency-key': randomUUID() },
      })
    ).json<{ id: string; receivedOn: string }>();
    // The API key reverses it, which releases the allocation.
    await send('POST', `/v1/payments/${payment.id}/reversal`, { reason: 'Cheque bounced' });

    const otherBill = await insertBillByBillRun(secondAccount, 1500n);
    const otherPayment = idOf(
      await send('POST', '/v1/payments', {
        accountId: secondAccount,
        amountMinor: '1500',
        currency: 'EUR',
        method: 'cash',
      }),
    );
    otherAccount = { id: secondAccount, billId: otherBill.billId, paymentId: otherPayment };
  });
  afterAll(async () => {
    await app.close();
  });

  /** Inserts an issued bill with the audit event that a bill run writes for it. */
  async function insertBillByBillRun(accountId: string, totalMinor: bigint): Promise<IssuedBillFixture> {
    const { db } = database();
    const issued = await insertIssuedBill(db, company, accountId, {
      totalMinor,
      issueDate: '2026-02-03',
      dueDate: '2026-02-23',
    });
    await db.transaction().execute((trx) =>
      recordAudit(trx, systemContext(company.companyId, 'job:bill-run'), [
        {
          entityType: 'bill',
          entityId: issued.billId,
          action: 'create',
          changes: { totalMinor: [null, totalMinor.toString()] },
        },
      ]),
    );
    return issued;
  }

  async function send(method: 'POST', url: string, payload: Record<string, unknown>) {
    const response = await app.inject({
      method,
      url,
      payload,
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
    });
    if (response.statusCode >= 300)
      throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response;
  }

  const idOf = (response: LightMyRequestResponse) => response.json<{ id: string }>().id;

  const timeline = (query = '', bearer = token, accountId = account.id) =>
    app.inject({
      method: 'GET',
      url: `/v1/accounts/${accountId}/timeline${query}`,
      headers: { authorization: `Bearer ${bearer}` },
    });

  const eventOf = (page: TimelinePage, entityType: string, action: string) =>
    page.items.find((event) => event.entityType === entityType && event.action === action);

  it("lists the account's records newest first", async () => {
    const response = await timeline('?limit=100');

    expect(response.statusCode).toBe(200);
    const page = response.json<TimelinePage>();
    expect(page.nextBefore).toBeNull();
    expect(page.items.map((event) => `${event.entityType} ${event.action}`)).toEqual([
      'payment_allocation update',
      'payment update',
      'payment_allocation create',
      'payment create',
      'bill create',
      'account create',
    ]);
    const entityIds = page.items.map((event) => event.entityId);
    expect(entityIds).toEqual(expect.arrayContaining([account.id, bill.billId, payment.id]));
    expect(entityIds).not.toContain(otherAccount.id);
    expect(entityIds).not.toContain(otherAccount.billId);
    expect(entityIds).not.toContain(otherAccount.paymentId);
  });

  it("leaves out the customer's other account", async () => {
    const page = (await timeline('?limit=100', token, otherAccount.id)).json<TimelinePage>();

    const entityIds = page.items.map((event) => event.entityId);
    expect(entityIds).toEqual(
      expect.arrayContaining([otherAccount.id, otherAccount.billId, otherAccount.paymentId]),
    );
    expect(entityIds).not.toContain(account.id);
    expect(entityIds).not.toContain(bill.billId);
    expect(entityIds).not.toContain(payment.id);
  });

  it('names the user, the API key and the system', async () => {
    const page = (await timeline('?limit=100')).json<TimelinePage>();

    expect(eventOf(page, 'payment', 'create')?.actor).toEqual({
      kind: 'user',
      id: userId,
      name: 'Grace Hopper',
    });
    expect(eventOf(page, 'payment', 'update')?.actor).toEqual({
      kind: 'api-key',
      id: apiKeyId,
      name: 'key *',
    });
    expect(eventOf(page, 'bill', 'create')?.actor).toEqual({
      kind: 'system',
      id: 'job:bill-run',
      name: null,
    });
  });

  it('summarises the record of each event', async () => {
    const page = (await timeline('?limit=100')).json<TimelinePage>();

    expect(eventOf(page, 'account', 'create')?.record).toMatchObject({ reference: account.accountNumber });
    expect(eventOf(page, 'bill', 'create')?.record).toEqual({
      reference: bill.invoiceNumber,
      kind: 'invoice',
      date: '2026-02-03',
      amountMinor: '4200',
      currency: 'EUR',
      paymentId: null,
    });
    const paymentSummary = {
      reference: null,
      kind: null,
      date: payment.receivedOn,
      amountMinor: '4200',
      currency: 'EUR',
      paymentId: null,
    };
    expect(eventOf(page, 'payment', 'create')?.record).toEqual(paymentSummary);
    expect(eventOf(page, 'payment', 'update')?.record).toEqual(paymentSummary);
    expect(eventOf(page, 'payment_allocation', 'update')?.record).toEqual({
      reference: bill.invoiceNumber,
      kind: null,
      date: payment.receivedOn,
      amountMinor: '4200',
      currency: 'EUR',
      paymentId: payment.id,
    });
  });

  it('pages with the before cursor', async () => {
    const all = (await timeline('?limit=100')).json<TimelinePage>().items.map((event) => event.id);
    const paged: string[] = [];
    let before: string | null = null;
    do {
      const query: string = before === null ? '?limit=4' : `?limit=4&before=${before}`;
      const page: TimelinePage = (await timeline(query)).json<TimelinePage>();
      paged.push(...page.items.map((event) => event.id));
      before = page.nextBefore;
    } while (before !== null);

    expect(paged).toEqual(all);
  });

  it('filters by entity type', async () => {
    const page = (await timeline('?entityType=payment')).json<TimelinePage>();

    expect(page.items.map((event) => [event.entityId, event.action])).toEqual([
      [payment.id, 'update'],
      [payment.id, 'create'],
    ]);
  });

  it('hides the summaries the key may not read', async () => {
    const customersOnly = (await createTestApiKey(database().db, company.companyId, ['customers:read']))
      .token;

    const page = (await timeline('?limit=100', customersOnly)).json<TimelinePage>();

    expect(eventOf(page, 'account', 'create')).toMatchObject({
      redacted: false,
      record: { reference: account.accountNumber },
    });
    expect(eventOf(page, 'bill', 'create')).toMatchObject({ redacted: true, record: null });
    expect(eventOf(page, 'payment', 'create')).toMatchObject({ redacted: true, record: null });
    expect(eventOf(page, 'payment', 'create')?.actor.name).toBe('Grace Hopper');
  });

  it('names the actors in the audit event list', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/v1/audit-events?entityId=${payment.id}`,
      headers: { authorization: `Bearer ${token}` },
    });

    expect(response.statusCode).toBe(200);
    const actors = response.json<{ items: { actor: Actor }[] }>().items.map((event) => event.actor);
    expect(actors).toEqual([
      { kind: 'api-key', id: apiKeyId, name: 'key *' },
      { kind: 'user', id: userId, name: 'Grace Hopper' },
    ]);
  });

  it("finds no other company's account", async () => {
    const other = await insertCompany(database().db);
    const otherToken = (await createTestApiKey(database().db, other.companyId, ['*'])).token;

    const response = await timeline('', otherToken);

    expect(response.statusCode).toBe(404);
    expect(response.json<{ code: string }>().code).toBe('CUSTOMERS.ACCOUNT_NOT_FOUND');
  });
});
