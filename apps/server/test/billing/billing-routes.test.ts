import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBillRun } from '../../src/modules/billing/index.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { createCompanyWithApiKey, type ApiKeyFixture } from '../support/factories/api-key.js';
import type { CompanyFixture } from '../support/factories/company.js';
import { insertMeteredAccount, insertRead, insertTariff } from '../support/factories/metered-account.js';
import { describeEachDatabase } from '../support/test-database.js';

type BillRunBody = {
  id: string;
  status: string;
  billsCreated: number;
  exceptionsCount: number;
  job?: { status: string; attempts: number } | null;
};
type BillBody = {
  id: string;
  invoiceNumber: string;
  totalMinor: string;
  lines: { amountMinor: string; trace: { formula: string; readingIds: string[] } }[];
  segments: { consumption: Record<string, unknown> }[];
};

describeEachDatabase('billing routes', (database) => {
  let app: HttpApp;
  let key: ApiKeyFixture;
  let other: ApiKeyFixture;
  let company: CompanyFixture;

  beforeAll(async () => {
    const { db } = database();
    ({ app } = await buildTestHttpApp(database()));
    key = await createCompanyWithApiKey(db, ['billing:read', 'billing:write']);
    other = await createCompanyWithApiKey(db, ['billing:read', 'billing:write']);
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

  const request = (method: 'GET' | 'POST', url: string, body?: unknown, token = key.token) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });

  async function waitForRun(id: string): Promise<BillRunBody> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const run = (await request('GET', `/v1/bill-runs/${id}`)).json<BillRunBody>();
      // The job is marked done just after the run completes, so both are awaited.
      if (run.status === 'completed' && run.job?.status === 'done') return run;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`bill run ${id} did not complete`);
  }

  it('rejects an issue date far from today', async () => {
    const response = await request('POST', '/v1/bill-runs', {
      billCycleId: company.billCycleId,
      cutOffOn: '2026-01-01',
      issueDate: '0001-01-01',
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      code: 'BILLING.ISSUE_DATE_OUT_OF_RANGE',
      errors: [{ path: 'issueDate' }],
    });
  });

  it('rejects a cut-off in year zero', async () => {
    const response = await request('POST', '/v1/bill-runs', {
      billCycleId: company.billCycleId,
      cutOffOn: '0000-01-01',
    });

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('year 0001 or later');
  });

  it('runs a cycle and shows a bill with its trace', async () => {
    const { db } = database();
    const tariffId = await insertTariff(db, company.companyId);
    const good = await insertMeteredAccount(db, company, tariffId);
    await insertRead(db, company.companyId, good.registerId, '2026-02-01', '1600');
    const backwards = await insertMeteredAccount(db, company, tariffId, { installRead: '900' });
    await insertRead(db, company.companyId, backwards.registerId, '2026-02-01', '800');

    const started = await request('POST', '/v1/bill-runs', {
      billCycleId: company.billCycleId,
      cutOffOn: '2026-02-01',
      issueDate: '2026-02-02',
    });
    const again = await request('POST', '/v1/bill-runs', {
      billCycleId: company.billCycleId,
      cutOffOn: '2026-02-01',
    });
    const run = await waitForRun(started.json<BillRunBody>().id);
    const exceptions = await request('GET', `/v1/bill-runs/${run.id}/exceptions`);
    const list = await request('GET', `/v1/accounts/${good.accountId}/bills`);
    const billId = list.json<{ items: { id: string }[] }>().items[0]?.id ?? '';
    const bill = await request('GET', `/v1/bills/${billId}`);

    expect(started.statusCode).toBe(202);
    expect(again.statusCode).toBe(200);
    expect(again.json<BillRunBody>().id).toBe(run.id);
    expect(run).toMatchObject({ billsCreated: 1, exceptionsCount: 1 });
    expect(exceptions.json<{ items: { accountId: string; reasonCode: string }[] }>().items).toEqual([
      expect.objectContaining({ accountId: backwards.accountId, reasonCode: 'BACKWARDS_READ' }),
    ]);
    const body = bill.json<BillBody>();
    expect(body.totalMinor).toBe('7770');
    expect(body.lines.reduce((total, line) => total + BigInt(line.amountMinor), 0n)).toBe(7770n);
    expect(body.lines[1]?.trace.formula).toMatch(/kWh/);
    expect(body.lines[1]?.trace.readingIds).toHaveLength(2);
    expect(body.segments[0]?.consumption).toHaveProperty('1.8.0');
  });

  it('hides bills of another company', async () => {
    const { db } = database();
    const tariffId = await insertTariff(db, company.companyId);
    const metered = await insertMeteredAccount(db, company, tariffId);
    await insertRead(db, company.companyId, metered.registerId, '2026-03-01', '1100');
    const started = await request('POST', '/v1/bill-runs', {
      billCycleId: company.billCycleId,
      cutOffOn: '2026-03-01',
    });
    await waitForRun(started.json<BillRunBody>().id);
    const bill = await db
      .selectFrom('billing.bill')
      .select('id')
      .where('account_id', '=', metered.accountId)
      .executeTakeFirstOrThrow();

    const foreign = await request('GET', `/v1/bills/${bill.id}`, undefined, other.token);
    const cancel = await request(
      'POST',
      `/v1/bills/${bill.id}/credit-note`,
      { reason: 'not yours' },
      other.token,
    );
    const foreignRun = await request(
      'POST',
      '/v1/bill-runs',
      { billCycleId: company.billCycleId, cutOffOn: '2026-03-01' },
      other.token,
    );

    expect(foreign.statusCode).toBe(404);
    expect(cancel.statusCode).toBe(404);
    expect(foreignRun.statusCode).toBe(404);
    expect(foreign.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('cancels a bill with a credit note', async () => {
    const { db } = database();
    const tariffId = await insertTariff(db, company.companyId);
    const metered = await insertMeteredAccount(db, company, tariffId);
    await insertRead(db, company.companyId, metered.registerId, '2026-04-01', '1200');
    const started = await request('POST', '/v1/bill-runs', {
      billCycleId: company.billCycleId,
      cutOffOn: '2026-04-01',
    });
    await waitForRun(started.json<BillRunBody>().id);
    const bill = await db
      .selectFrom('billing.bill')
      .select('id')
      .where('account_id', '=', metered.accountId)
      .executeTakeFirstOrThrow();

    const missingReason = await request('POST', `/v1/bills/${bill.id}/credit-note`, {});
    const cancelled = await request('POST', `/v1/bills/${bill.id}/credit-note`, { reason: 'Wrong read' });
    const twice = await request('POST', `/v1/bills/${bill.id}/credit-note`, { reason: 'Wrong read' });

    expect(missingReason.statusCode).toBe(400);
    expect(missingReason.json<{ errors: { path: string }[] }>().errors[0]?.path).toContain('reason');
    expect(cancelled.statusCode).toBe(201);
    expect(cancelled.json<{ creditNoteNumber: string }>().creditNoteNumber).toMatch(/^CN-/);
    expect(twice.statusCode).toBe(409);
  });

  it('resumes an unfinished run when the server starts', async () => {
    const { db } = database();
    const tariffId = await insertTariff(db, company.companyId);
    const metered = await insertMeteredAccount(db, company, tariffId);
    await insertRead(db, company.companyId, metered.registerId, '2026-05-01', '1300');
    const { billRun } = await startBillRun(db, systemContext(company.companyId), {
      billCycleId: company.billCycleId,
      cutOffOn: '2026-05-01',
    });

    const { app: restarted } = await buildTestHttpApp(database());
    try {
      const run = await waitForRun(billRun.id);
      expect(run.billsCreated).toBeGreaterThanOrEqual(1);
    } finally {
      await restarted.close();
    }
  });
});

describeEachDatabase('estimation profile routes', (database) => {
  let app: HttpApp;
  let key: ApiKeyFixture;

  beforeAll(async () => {
    const { db } = database();
    ({ app } = await buildTestHttpApp(database()));
    key = await createCompanyWithApiKey(db, ['readings:read', 'readings:write']);
  });

  afterAll(async () => {
    await app.close();
  });

  it('sets and lists a profile', async () => {
    const months = ['20', '18', '15', '12', '10', '11', '14', '14', '11', '10', '14', '19'];
    const headers = { authorization: `Bearer ${key.token}` };

    const set = await app.inject({
      method: 'PUT',
      url: '/v1/estimation-profiles/kWh',
      headers,
      payload: { name: 'Residential', dailyQuantityByMonth: months },
    });
    const short = await app.inject({
      method: 'PUT',
      url: '/v1/estimation-profiles/kWh',
      headers,
      payload: { name: 'Short', dailyQuantityByMonth: ['1'] },
    });
    const list = await app.inject({ method: 'GET', url: '/v1/estimation-profiles', headers });

    expect(set.statusCode).toBe(200);
    expect(short.statusCode).toBe(400);
    expect(short.json<{ errors: { path: string }[] }>().errors[0]?.path).toContain('dailyQuantityByMonth');
    expect(list.json<{ items: unknown[] }>().items).toEqual([
      { unit: 'kWh', name: 'Residential', dailyQuantityByMonth: months },
    ]);
  });
});
