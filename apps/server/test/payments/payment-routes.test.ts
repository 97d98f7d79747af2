import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import {
  createCompanyWithApiKey,
  createTestApiKey,
  type ApiKeyFixture,
} from '../support/factories/api-key.js';
import { insertAccount, type CompanyFixture } from '../support/factories/company.js';
import { insertIssuedBill } from '../support/factories/payments.js';
import { assertLedgerConsistent } from '../support/ledger-invariants.js';
import { describeEachDatabase } from '../support/test-database.js';

type PaymentBody = {
  id: string;
  amountMinor: string;
  status: string;
  allocatedMinor: string;
  unallocatedMinor: string;
  allocations: { billId: string; amountMinor: string; status: string }[];
};

type Problem = { status: number; code: string; errors: { path: string }[] };

describeEachDatabase('payment and account routes', (database) => {
  let app: HttpApp;
  let key: ApiKeyFixture;
  let company: CompanyFixture;

  beforeAll(async () => {
    const { db } = database();
    ({ app } = await buildTestHttpApp(database()));
    key = await createCompanyWithApiKey(db, ['payments:read', 'payments:write', 'ledger:read']);
    const cycle = await db
      .insertInto('billing.bill_cycle')
      .values({ company_id: key.companyId, code: 'monthly', name: 'Monthly' })
      .returning('id')
      .executeTakeFirstOrThrow();
    company = { companyId: key.companyId, code: key.companyCode, billCycleId: cycle.id };
  });

  afterAll(async () => {
    await app.close();
  });

  function post(url: string, body: unknown, idempotencyKey?: string, token = key.token) {
    return app.inject({
      method: 'POST',
      url,
      headers: {
        authorization: `Bearer ${token}`,
        ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
      },
      payload: body as Record<string, unknown>,
    });
  }

  function get(url: string) {
    return app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key.token}` } });
  }

  it('posts, replays and conflicts by idempotency key', async () => {
    const { db } = database();
    const { accountId } = await insertAccount(db, company);
    const bill = await insertIssuedBill(db, company, accountId, {
      totalMinor: 12_345n,
      issueDate: '2026-01-10',
      dueDate: '2026-01-30',
    });
    const body = {
      accountId,
      amountMinor: '10000',
      currency: 'EUR',
      receivedOn: '2026-02-02',
      method: 'transfer',
    };
    const idempotencyKey = randomUUID();

    const first = await post('/v1/payments', body, idempotencyKey);
    const retry = await post('/v1/payments', body, idempotencyKey);
    const changed = await post('/v1/payments', { ...body, amountMinor: '10001' }, idempotencyKey);

    expect(first.statusCode).toBe(201);
    const created = first.json<PaymentBody>();
    expect(created.amountMinor).toBe('10000');
    expect(created.allocations).toEqual([
      expect.objectContaining({ billId: bill.billId, amountMinor: '10000', status: 'active' }),
    ]);
    expect(first.headers.location).toBe(`/v1/payments/${created.id}`);
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(created);
    expect(changed.statusCode).toBe(409);
    expect(changed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(changed.json<Problem>().code).toBe('PAYMENTS.IDEMPOTENCY_KEY_REUSED');
    await assertLedgerConsistent(db, company.companyId, accountId);
  });

  it('missing Idempotency-Key is a 400 problem', async () => {
    const { db } = database();
    const { accountId } = await insertAccount(db, company);

    const response = await post('/v1/payments', {
      accountId,
      amountMinor: '100',
      currency: 'EUR',
      method: 'cash',
    });

    expect(response.statusCode).toBe(400);
    const problem = response.json<Problem>();
    expect(problem.code).toBe('PAYMENTS.IDEMPOTENCY_KEY_MISSING');
    expect(problem.errors.map((error) => error.path)).toEqual(['headers.idempotency-key']);
  });

  it('rejects a payment received in year zero', async () => {
    const { db } = database();
    const { accountId } = await insertAccount(db, company);

    const response = await post(
      '/v1/payments',
      { accountId, amountMinor: '100', currency: 'EUR', method: 'cash', receivedOn: '0000-01-01' },
      randomUUID(),
    );

    expect(response.statusCode).toBe(400);
    expect(response.json<Problem>().errors.map((error) => error.path)).toEqual(['receivedOn']);
    expect(response.body).toContain('year 0001 or later');
  });

  it('rejects a float amount naming the field', async () => {
    const { db } = database();
    const { accountId } = await insertAccount(db, company);

    const number = await post(
      '/v1/payments',
      { accountId, amountMinor: 12.5, currency: 'EUR', method: 'cash' },
      randomUUID(),
    );
    const decimal = await post(
      '/v1/payments',
      { accountId, amountMinor: '12.50', currency: 'EUR', method: 'cash' },
      randomUUID(),
    );

    for (const response of [number, decimal]) {
      expect(response.statusCode).toBe(400);
      expect(response.json<Problem>().errors.map((error) => error.path)).toContain('amountMinor');
    }
  });

  it('rejects a future receivedOn with 422', async () => {
    const { db } = database();
    const { accountId } = await insertAccount(db, company);

    const response = await post(
      '/v1/payments',
      { accountId, amountMinor: '100', currency: 'EUR', receivedOn: '2099-01-01', method: 'cash' },
      randomUUID(),
    );

    expect(response.statusCode).toBe(422);
    const problem = response.json<Problem & { detail: string }>();
    expect(problem.code).toBe('PAYMENTS.RECEIVED_ON_IN_FUTURE');
    expect(problem.errors.map((error) => error.path)).toEqual(['receivedOn']);
    expect(problem.detail).toContain('2099-01-01');
    expect(problem.detail).toMatch(/after today \(\d{4}-\d{2}-\d{2} in Europe\/Madrid\)/);
    const balance = await get(`/v1/accounts/${accountId}/balance`);
    expect(balance.json()).toMatchObject({ balanceMinor: '0' });
  });

  it('rejects receivedOn before the account opened', async () => {
    const { db } = database();
    const { accountId } = await insertAccount(db, company);

    const response = await post(
      '/v1/payments',
      { accountId, amountMinor: '100', currency: 'EUR', receivedOn: '1999-01-01', method: 'cash' },
      randomUUID(),
    );

    expect(response.statusCode).toBe(422);
    const problem = response.json<Problem & { detail: string; errors: { message: string }[] }>();
    expect(problem.code).toBe('PAYMENTS.RECEIVED_ON_BEFORE_OPENING');
    expect(problem.errors.map((error) => error.path)).toEqual(['receivedOn']);
    expect(problem.errors[0]?.message).toMatch(
      /^Expected a date from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}, got 1999-01-01\.$/,
    );
    expect(problem.detail).toContain(accountId);
  });

  it('lists payments with their account number, in JSON and CSV', async () => {
    const { db } = database();
    const { accountId, accountNumber } = await insertAccount(db, company);
    await post(
      '/v1/payments',
      { accountId, amountMinor: '250', currency: 'EUR', method: 'cash' },
      randomUUID(),
    );

    const page = await get(`/v1/payments?accountId=${accountId}`);
    const csv = await get(`/v1/payments?accountId=${accountId}&format=csv`);

    expect(page.statusCode).toBe(200);
    expect(page.json<{ items: { accountNumber: string }[] }>().items).toMatchObject([{ accountNumber }]);
    expect(csv.statusCode).toBe(200);
    const [header, row] = csv.body.trim().split(/\r?\n/);
    const accountNumberColumn = header?.split(',').indexOf('accountNumber') ?? -1;
    expect(accountNumberColumn).toBeGreaterThan(-1);
    expect(row?.split(',')[accountNumberColumn]).toBe(accountNumber);
  });

  it('names an impossible receivedOn', async () => {
    const { db } = database();
    const { accountId } = await insertAccount(db, company);

    const response = await post(
      '/v1/payments',
      { accountId, amountMinor: '100', currency: 'EUR', receivedOn: '2026-02-30', method: 'cash' },
      randomUUID(),
    );

    expect(response.statusCode).toBe(400);
    const problem = response.json<Problem & { errors: { message: string }[] }>();
    expect(problem.errors).toEqual([
      {
        path: 'receivedOn',
        message: '2026-02-30 is not a valid date: February 2026 has 28 days',
        code: 'invalid_format',
        params: { format: 'date' },
      },
    ]);
  });

  it('rejects an amount over the cap', async () => {
    const { db } = database();
    const { accountId } = await insertAccount(db, company);

    for (const amountMinor of ['1000000000001', '9223372036854775807', '99999999999999999999999']) {
      const response = await post(
        '/v1/payments',
        { accountId, amountMinor, currency: 'EUR', method: 'cash' },
        randomUUID(),
      );
      expect(response.statusCode, amountMinor).toBe(400);
      const problem = response.json<Problem & { errors: { message: string }[] }>();
      expect(problem.errors.map((error) => error.path)).toEqual(['amountMinor']);
      expect(problem.errors[0]?.message).toContain('at most 1000000000000 minor units');
    }
    const atCap = await post(
      '/v1/payments',
      { accountId, amountMinor: '1000000000000', currency: 'EUR', method: 'cash' },
      randomUUID(),
    );
    expect(atCap.statusCode).toBe(201);
  });

  it('reverses once and reports the balance', async () => {
    const { db } = database();
    const { accountId, accountNumber } = await insertAccount(db, company);
    await insertIssuedBill(db, company, accountId, {
      totalMinor: 5000n,
      issueDate: '2026-01-10',
      dueDate: '2026-01-30',
    });
    await insertIssuedBill(db, company, accountId, {
      totalMinor: 7000n,
      issueDate: '2026-02-10',
      dueDate: '2026-03-02',
    });
    const payment = (
      await post(
        '/v1/payments',
        { accountId, amountMinor: '6000', currency: 'EUR', receivedOn: '2026-02-15', method: 'card' },
        randomUUID(),
      )
    ).json<PaymentBody>();

    const fetched = await get(`/v1/payments/${payment.id}`);
    const balance = await get(`/v1/accounts/${accountId}/balance?asOf=2026-03-15`);

    expect(fetched.json<PaymentBody>().allocations.map((allocation) => allocation.amountMinor)).toEqual([
      '5000',
      '1000',
    ]);
    expect(balance.statusCode).toBe(200);
    expect(balance.json()).toMatchObject({
      accountNumber,
      currency: 'EUR',
      asOf: '2026-03-15',
      balanceMinor: '6000',
      creditMinor: '0',
      openItemsTotalMinor: '6000',
      ageing: { current: '0', '1-30': '6000', '31-60': '0', '61-90': '0', '90+': '0' },
      openItems: [
        expect.objectContaining({ outstandingMinor: '6000', daysOverdue: 13, ageingBucket: '1-30' }),
      ],
    });

    const reversalKey = randomUUID();
    const reversal = await post(
      `/v1/payments/${payment.id}/reversal`,
      { reason: 'Card chargeback' },
      reversalKey,
    );
    const retried = await post(
      `/v1/payments/${payment.id}/reversal`,
      { reason: 'Card chargeback' },
      reversalKey,
    );
    const again = await post(`/v1/payments/${payment.id}/reversal`, { reason: 'Card chargeback' });

    expect(reversal.statusCode).toBe(201);
    expect(reversal.json<PaymentBody>().status).toBe('reversed');
    expect(retried.statusCode).toBe(200);
    expect(again.statusCode).toBe(409);
    expect(again.json<Problem>().code).toBe('PAYMENTS.PAYMENT_ALREADY_REVERSED');
    const after = await get(`/v1/accounts/${accountId}/balance?asOf=2026-03-15`);
    expect(after.json()).toMatchObject({ balanceMinor: '12000', openItemsTotalMinor: '12000' });

    const postings = await get(`/v1/accounts/${accountId}/postings?limit=3`);
    const page = postings.json<{
      items: { kind: string; receivableMinor: string }[];
      nextCursor: string | null;
    }>();
    expect(page.items.map((posting) => [posting.kind, posting.receivableMinor])).toEqual([
      ['bill', '5000'],
      ['bill', '7000'],
      ['payment', '-6000'],
    ]);
    expect(page.nextCursor).not.toBeNull();
    const statement = await get(`/v1/accounts/${accountId}/statement`);
    expect(statement.json()).toMatchObject({ openingBalanceMinor: '0', closingBalanceMinor: '12000' });
    await assertLedgerConsistent(db, company.companyId, accountId);
  });

  it('unknown ids are 404 and permissions are enforced', async () => {
    const { db } = database();
    const readOnly = await createTestApiKey(db, key.companyId, ['payments:read']);

    const missingPayment = await get(`/v1/payments/${randomUUID()}`);
    const missingAccount = await get(`/v1/accounts/${randomUUID()}/balance`);
    const forbidden = await post(
      '/v1/payments',
      { accountId: randomUUID(), amountMinor: '1', currency: 'EUR', method: 'cash' },
      randomUUID(),
      readOnly.token,
    );

    expect(missingPayment.statusCode).toBe(404);
    expect(missingPayment.json<Problem>().code).toBe('PAYMENTS.PAYMENT_NOT_FOUND');
    expect(missingAccount.statusCode).toBe(404);
    expect(forbidden.statusCode).toBe(403);
  });
});
