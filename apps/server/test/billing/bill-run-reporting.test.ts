import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { createCompanyWithApiKey, type ApiKeyFixture } from '../support/factories/api-key.js';
import type { CompanyFixture } from '../support/factories/company.js';
import {
  insertMeteredAccount,
  insertRead,
  insertTariff,
  type MeteredAccount,
} from '../support/factories/metered-account.js';
import { describeEachDatabase } from '../support/test-database.js';

type BillRunBody = {
  id: string;
  status: string;
  accountsProcessed: number;
  billsCreated: number;
  exceptionsCount: number;
  accountsNothingDue: number;
  job?: { status: string } | null;
};
type ExceptionBody = { accountId: string; servicePointMarketId: string | null; reasonCode: string };

describeEachDatabase('bill run reporting', (database) => {
  let app: HttpApp;
  let key: ApiKeyFixture;
  let company: CompanyFixture;
  let good: MeteredAccount;
  let backwards: MeteredAccount;

  beforeAll(async () => {
    const { db } = database();
    ({ app } = await buildTestHttpApp(database()));
    key = await createCompanyWithApiKey(db, ['billing:read', 'billing:write']);
    const cycle = await db
      .insertInto('billing.bill_cycle')
      .values({ company_id: key.companyId, code: 'monthly', name: 'Monthly' })
      .returning('id')
      .executeTakeFirstOrThrow();
    company = { companyId: key.companyId, code: key.companyCode, billCycleId: cycle.id };
    const tariffId = await insertTariff(db, company.companyId);
    good = await insertMeteredAccount(db, company, tariffId);
    await insertRead(db, company.companyId, good.registerId, '2026-02-01', '1600');
    backwards = await insertMeteredAccount(db, company, tariffId, { installRead: '900' });
    await insertRead(db, company.companyId, backwards.registerId, '2026-02-01', '800');
    await db
      .updateTable('premises.service_point')
      .set({ market_id: 'ESP-0042' })
      .where('id', '=', backwards.servicePointId)
      .execute();
  });

  afterAll(async () => {
    await app.close();
  });

  const request = (method: 'GET' | 'POST', url: string, body?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${key.token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });

  async function runToCompletion(cutOffOn: string): Promise<BillRunBody> {
    const started = await request('POST', '/v1/bill-runs', {
      billCycleId: company.billCycleId,
      cutOffOn,
      issueDate: '2026-02-04',
    });
    const id = started.json<BillRunBody>().id;
    for (let attempt = 0; attempt < 100; attempt++) {
      const run = (await request('GET', `/v1/bill-runs/${id}`)).json<BillRunBody>();
      if (run.status === 'completed' && run.job?.status === 'done') return run;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`bill run ${id} did not complete`);
  }

  it('counts accounts with nothing due', async () => {
    const first = await runToCompletion('2026-02-01');
    // A day later the account billed to 2026-02-01 has a one-day period, which is not due.
    const second = await runToCompletion('2026-02-02');

    expect(first).toMatchObject({
      accountsProcessed: 2,
      billsCreated: 1,
      exceptionsCount: 1,
      accountsNothingDue: 0,
    });
    expect(second).toMatchObject({
      accountsProcessed: 2,
      billsCreated: 0,
      exceptionsCount: 1,
      accountsNothingDue: 1,
    });
    const listed = await request('GET', `/v1/bill-runs?cutOffOnFrom=2026-02-02`);
    expect(listed.json<{ items: BillRunBody[] }>().items[0]?.accountsNothingDue).toBe(1);
  });

  it('lists exceptions with the market id', async () => {
    const run = await runToCompletion('2026-02-01');
    const response = await request('GET', `/v1/bill-runs/${run.id}/exceptions`);

    expect(response.statusCode).toBe(200);
    expect(response.json<{ items: ExceptionBody[] }>().items).toEqual([
      expect.objectContaining({
        accountId: backwards.accountId,
        servicePointMarketId: 'ESP-0042',
        reasonCode: 'BACKWARDS_READ',
      }),
    ]);
  });

  it('returns the account number with a bill', async () => {
    const { db } = database();
    const account = await db
      .selectFrom('customers.account')
      .select('account_number')
      .where('id', '=', good.accountId)
      .executeTakeFirstOrThrow();
    const list = await request('GET', `/v1/accounts/${good.accountId}/bills`);
    const billId = list.json<{ items: { id: string }[] }>().items[0]?.id ?? '';

    const bill = await request('GET', `/v1/bills/${billId}`);

    expect(bill.statusCode).toBe(200);
    expect(bill.json<{ accountNumber: string }>().accountNumber).toBe(account.account_number);
  });
});
