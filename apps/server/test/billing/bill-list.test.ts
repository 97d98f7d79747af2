import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import {
  createCompanyWithApiKey,
  createTestApiKey,
  type ApiKeyFixture,
} from '../support/factories/api-key.js';
import { insertAccount, type CompanyFixture } from '../support/factories/company.js';
import { describeEachDatabase } from '../support/test-database.js';

type ListedBill = { id: string; accountId: string; accountNumber: string; totalMinor: string };
type Problem = { status: number; code: string; detail: string; errors: { path: string; message: string }[] };

type BillValues = {
  accountId: string;
  billRunId?: string;
  status: 'draft' | 'issued' | 'cancelled';
  kind?: 'invoice' | 'credit-note';
  invoiceNumber?: string;
  issueDate?: string;
  dueDate?: string;
  periodStart: string;
  periodEnd: string;
  totalMinor: bigint;
  cancelsBillId?: string;
  createdAt: string;
};

async function insertBill(db: Db, companyId: string, bill: BillValues): Promise<string> {
  const kind = bill.kind ?? 'invoice';
  let series: string | null = null;
  if (bill.invoiceNumber !== undefined) series = kind === 'invoice' ? 'INV' : 'CN';
  const row = await db
    .insertInto('billing.bill')
    .values({
      company_id: companyId,
      account_id: bill.accountId,
      bill_run_id: bill.billRunId ?? null,
      kind,
      status: bill.status,
      series,
      invoice_number: bill.invoiceNumber ?? null,
      issue_date: bill.issueDate ?? null,
      due_date: bill.dueDate ?? null,
      period_start: bill.periodStart,
      period_end: bill.periodEnd,
      currency: 'EUR',
      total_minor: bill.totalMinor.toString(),
      cancels_bill_id: bill.cancelsBillId ?? null,
      created_at: new Date(bill.createdAt),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function insertCompletedRun(db: Db, company: CompanyFixture): Promise<string> {
  const run = await db
    .insertInto('billing.bill_run')
    .values({
      company_id: company.companyId,
      bill_cycle_id: company.billCycleId,
      cut_off_on: '2025-12-31',
      status: 'completed',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return run.id;
}

async function insertCycle(db: Db, key: ApiKeyFixture): Promise<CompanyFixture> {
  const cycle = await db
    .insertInto('billing.bill_cycle')
    .values({ company_id: key.companyId, code: 'monthly', name: 'Monthly' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { companyId: key.companyId, code: key.companyCode, billCycleId: cycle.id };
}

describeEachDatabase('company bill list', (database) => {
  let app: HttpApp;
  let cappedApp: HttpApp;
  let key: ApiKeyFixture;
  let otherKey: ApiKeyFixture;
  let runId: string;
  let otherRunId: string;
  let otherAccountId: string;
  let otherBillId: string;
  const accounts: Record<'first' | 'second' | 'third', string> = { first: '', second: '', third: '' };
  // Bills in the order they were made: b1 to b3 by the run, b4 cancelled by the credit note b5.
  const bills: Record<'b1' | 'b2' | 'b3' | 'b4' | 'b5', string> = { b1: '', b2: '', b3: '', b4: '', b5: '' };

  beforeAll(async () => {
    const { db } = database();
    ({ app } = await buildTestHttpApp(database()));
    ({ app: cappedApp } = await buildTestHttpApp(database(), { csvExportMaxRows: 4 }));
    key = await createCompanyWithApiKey(db);
    const company = await insertCycle(db, key);
    accounts.first = (await insertAccount(db, company, { accountNumber: 'ACC-100' })).accountId;
    accounts.second = (await insertAccount(db, company, { accountNumber: 'ACC-200' })).accountId;
    accounts.third = (await insertAccount(db, company, { accountNumber: 'BX-300' })).accountId;
    runId = await insertCompletedRun(db, company);
    const december = { periodStart: '2025-12-01', periodEnd: '2026-01-01' };
    const january = { periodStart: '2026-01-01', periodEnd: '2026-02-01' };
    const runIssue = { issueDate: '2026-01-05', dueDate: '2026-01-25', billRunId: runId };
    bills.b1 = await insertBill(db, key.companyId, {
      ...december,
      ...runIssue,
      accountId: accounts.first,
      status: 'issued',
      invoiceNumber: 'INV-0001',
      totalMinor: 12345n,
      createdAt: '2026-01-05T10:00:00Z',
    });
    bills.b2 = await insertBill(db, key.companyId, {
      ...december,
      ...runIssue,
      accountId: accounts.second,
      status: 'issued',
      invoiceNumber: 'INV-0002',
      totalMinor: 999n,
      createdAt: '2026-01-05T10:00:01Z',
    });
    bills.b3 = await insertBill(db, key.companyId, {
      ...december,
      billRunId: runId,
      accountId: accounts.third,
      status: 'draft',
      totalMinor: 5000n,
      createdAt: '2026-01-05T10:00:02Z',
    });
    bills.b4 = await insertBill(db, key.companyId, {
      ...january,
      accountId: accounts.first,
      status: 'cancelled',
      invoiceNumber: 'INV-0010',
      issueDate: '2026-02-05',
      dueDate: '2026-02-25',
      totalMinor: 2500n,
      createdAt: '2026-02-05T09:00:00Z',
    });
    bills.b5 = await insertBill(db, key.companyId, {
      ...january,
      accountId: accounts.first,
      kind: 'credit-note',
      status: 'issued',
      invoiceNumber: 'CN-0001',
      issueDate: '2026-02-10',
      dueDate: '2026-02-10',
      totalMinor: -2500n,
      cancelsBillId: bills.b4,
      createdAt: '2026-02-10T09:00:00Z',
    });

    // Another company with the same account and invoice numbers, so that only the company scope keeps them apart.
    otherKey = await createCompanyWithApiKey(db);
    const otherCompany = await insertCycle(db, otherKey);
    otherAccountId = (await insertAccount(db, otherCompany, { accountNumber: 'ACC-100' })).accountId;
    otherRunId = await insertCompletedRun(db, otherCompany);
    otherBillId = await insertBill(db, otherKey.companyId, {
      ...december,
      ...runIssue,
      billRunId: otherRunId,
      accountId: otherAccountId,
      status: 'issued',
      invoiceNumber: 'INV-0001',
      totalMinor: 777n,
      createdAt: '2026-03-01T10:00:00Z',
    });
  });
  afterAll(async () => {
    await app.close();
    await cappedApp.close();
  });

  function get(url: string, token = key.token, target = app) {
    return target.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  }

  /** Returns the ids of a page in its order, after checking that `total` counts them all. */
  async function idsOf(query: string): Promise<string[]> {
    const response = await get(`/v1/bills?${query}`);
    expect(response.statusCode, `${query}: ${response.body}`).toBe(200);
    const page = response.json<{ items: ListedBill[]; total: number }>();
    expect(page.total, query).toBe(page.items.length);
    return page.items.map((item) => item.id);
  }

  it('lists newest first with account numbers', async () => {
    const response = await get('/v1/bills');
    expect(response.statusCode).toBe(200);
    const page = response.json<{ items: ListedBill[]; total: number; limit: number; offset: number }>();
    expect(page.items.map((item) => item.id)).toEqual([bills.b5, bills.b4, bills.b3, bills.b2, bills.b1]);
    expect(page.items.map((item) => item.accountNumber)).toEqual([
      'ACC-100',
      'ACC-100',
      'BX-300',
      'ACC-200',
      'ACC-100',
    ]);
    expect(page.items[0]).toMatchObject({
      kind: 'credit-note',
      totalMinor: '-2500',
      cancelsBillId: bills.b4,
    });
    expect(page).toMatchObject({ total: 5, limit: 50, offset: 0 });
  });

  it("lists a bill run's bills", async () => {
    expect(await idsOf(`billRunId=${runId}&sort=accountNumber:asc`)).toEqual([bills.b1, bills.b2, bills.b3]);
    expect(await idsOf(`billRunId=${runId}&status=draft`)).toEqual([bills.b3]);
  });

  it('filters by account, status and kind', async () => {
    expect(await idsOf(`accountId=${accounts.first}`)).toEqual([bills.b5, bills.b4, bills.b1]);
    expect(await idsOf(`accountId=${accounts.third}`)).toEqual([bills.b3]);
    expect(await idsOf('status=cancelled')).toEqual([bills.b4]);
    expect(await idsOf('status=issued')).toEqual([bills.b5, bills.b2, bills.b1]);
    expect(await idsOf('kind=credit-note')).toEqual([bills.b5]);
  });

  it('filters by date ranges inclusively', async () => {
    // A draft has no issue or due date, so no date range matches it.
    expect(await idsOf('issueDateFrom=2026-01-05&issueDateTo=2026-02-05')).toEqual([
      bills.b4,
      bills.b2,
      bills.b1,
    ]);
    expect(await idsOf('issueDateFrom=2026-02-06')).toEqual([bills.b5]);
    expect(await idsOf('dueDateTo=2026-01-25')).toEqual([bills.b2, bills.b1]);
    expect(await idsOf('dueDateFrom=2026-02-10&dueDateTo=2026-02-10')).toEqual([bills.b5]);
  });

  it('filters by total in minor units', async () => {
    expect(await idsOf('totalMinorFrom=999&totalMinorTo=5000')).toEqual([bills.b4, bills.b3, bills.b2]);
    expect(await idsOf('totalMinorTo=-1')).toEqual([bills.b5]);
    expect(await idsOf('totalMinorFrom=-2500&totalMinorTo=-2500')).toEqual([bills.b5]);
    expect(await idsOf('totalMinorFrom=12346')).toEqual([]);
  });

  it('sorts by total as a number', async () => {
    expect(await idsOf('sort=totalMinor:asc')).toEqual([bills.b5, bills.b2, bills.b4, bills.b3, bills.b1]);
  });

  it('searches invoice and account number starts', async () => {
    expect(await idsOf('search=INV-000')).toEqual([bills.b2, bills.b1]);
    expect(await idsOf('search=inv-001')).toEqual([bills.b4]);
    expect(await idsOf('search=cn-')).toEqual([bills.b5]);
    expect(await idsOf('search=acc-2')).toEqual([bills.b2]);
    expect(await idsOf('search=Acc-1')).toEqual([bills.b5, bills.b4, bills.b1]);
    expect(await idsOf('search=bx')).toEqual([bills.b3]);
    expect(await idsOf('search=ACC-1&status=issued')).toEqual([bills.b5, bills.b1]);
  });

  it('matches search text literally at the start', async () => {
    expect(await idsOf('search=NV')).toEqual([]);
    expect(await idsOf('search=0001')).toEqual([]);
    expect(await idsOf(`search=${encodeURIComponent('INV%')}`)).toEqual([]);
    expect(await idsOf(`search=${encodeURIComponent('ACC_1')}`)).toEqual([]);
  });

  it('rejects bad filter values by name', async () => {
    const cases: [parameter: string, value: string, message: string][] = [
      ['billRunId', 'run-7', 'run-7'],
      ['accountId', '42', '42'],
      ['status', 'paid', 'paid'],
      ['kind', 'refund', 'refund'],
      ['issueDateFrom', '2026-02-30', '2026-02-30'],
      ['dueDateTo', 'yesterday', 'yesterday'],
      ['totalMinorFrom', '12.50', 'must be a whole number of minor units'],
      ['totalMinorTo', '1e3', '1e3'],
      ['sort', 'total', 'unknown sort field "total"'],
      ['format', 'xlsx', 'xlsx'],
    ];
    for (const [parameter, value, message] of cases) {
      const response = await get(`/v1/bills?${parameter}=${encodeURIComponent(value)}`);
      expect(response.statusCode, `${parameter}=${value}`).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const problem = response.json<Problem>();
      expect(problem.code, parameter).toBe('HTTP.VALIDATION_FAILED');
      expect(problem.errors.map((error) => error.path)).toEqual([`query.${parameter}`]);
      expect(problem.errors[0]?.message, parameter).toContain(message);
      expect(problem.errors[0]?.message, parameter).toContain(value);
    }
  });

  it('rejects reversed ranges', async () => {
    const dates = await get('/v1/bills?dueDateFrom=2026-02-01&dueDateTo=2026-01-31');
    expect(dates.statusCode).toBe(400);
    expect(dates.json<Problem>().errors).toEqual([
      {
        path: 'query.dueDateTo',
        message: '2026-01-31 is before dueDateFrom (2026-02-01): dueDateTo must be on or after dueDateFrom',
        code: 'custom',
        params: { input: '2026-01-31' },
      },
    ]);
    // Amounts compare as numbers: "999" comes after "1000" as text, but the range is in order.
    expect(await idsOf('totalMinorFrom=999&totalMinorTo=1000')).toEqual([bills.b2]);
    const totals = await get('/v1/bills?totalMinorFrom=1000&totalMinorTo=999');
    expect(totals.statusCode).toBe(400);
    expect(totals.json<Problem>().errors).toEqual([
      {
        path: 'query.totalMinorTo',
        message: '999 is less than totalMinorFrom (1000): totalMinorTo must be at least totalMinorFrom',
        code: 'custom',
        params: { input: '999' },
      },
    ]);
  });

  it("never shows another company's bills", async () => {
    const cases: [query: string, ids: string[]][] = [
      ['', [bills.b5, bills.b4, bills.b3, bills.b2, bills.b1]],
      ['search=INV-0001', [bills.b1]],
      ['search=ACC-100', [bills.b5, bills.b4, bills.b1]],
      [`billRunId=${otherRunId}`, []],
      [`accountId=${otherAccountId}`, []],
      ['totalMinorFrom=777&totalMinorTo=777', []],
    ];
    for (const [query, ids] of cases) {
      expect(await idsOf(query), query).toEqual(ids);
    }
    const csv = await get('/v1/bills?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).not.toContain(otherBillId);
    expect(csv.body).not.toContain(otherAccountId);
    // The other company lists its own bill alone.
    const theirs = await get('/v1/bills', otherKey.token);
    expect(theirs.json<{ items: ListedBill[] }>().items.map((item) => item.id)).toEqual([otherBillId]);
  });

  it('exports filtered bills as CSV', async () => {
    const response = await get(`/v1/bills?format=csv&billRunId=${runId}&sort=accountNumber:asc`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers['content-disposition']).toBe('attachment; filename="bills.csv"');
    expect(response.body.slice(response.body.indexOf('id')).split('\r\n')[0]).toBe(
      'id,accountId,accountNumber,billRunId,kind,status,invoiceNumber,issueDate,dueDate,periodStart,periodEnd,currency,total,isEstimated,cancelsBillId,createdAt',
    );
    const records = parse<Record<string, string>>(response.body, { bom: true, columns: true });
    expect(records.map((record) => record.id)).toEqual([bills.b1, bills.b2, bills.b3]);
    expect(records.map((record) => record.accountNumber)).toEqual(['ACC-100', 'ACC-200', 'BX-300']);
    expect(records.map((record) => record.total)).toEqual(['123.45', '9.99', '50.00']);
    expect(records.map((record) => record.invoiceNumber)).toEqual(['INV-0001', 'INV-0002', '']);
  });

  it('rejects an export over the limit', async () => {
    const tooLarge = await get('/v1/bills?format=csv', key.token, cappedApp);
    expect(tooLarge.statusCode).toBe(422);
    const problem = tooLarge.json<Problem>();
    expect(problem.code).toBe('HTTP.EXPORT_TOO_LARGE');
    expect(problem.detail).toContain('more than 4 rows');
    expect(problem.errors[0]?.path).toBe('query.format');
    const atLimit = await get(`/v1/bills?format=csv&accountId=${accounts.first}`, key.token, cappedApp);
    expect(atLimit.statusCode).toBe(200);
    expect(parse(atLimit.body, { bom: true })).toHaveLength(4);
  });

  it('needs billing:read', async () => {
    const { token } = await createTestApiKey(database().db, key.companyId, ['customers:read']);
    const response = await get('/v1/bills', token);
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain(bills.b1);
  });

  it('documents its filters', async () => {
    const document = (await get('/openapi.json')).json<{
      paths: Record<string, { get?: { 'x-permission'?: string; parameters?: { name: string }[] } }>;
    }>();
    const operation = document.paths['/v1/bills']?.get;
    expect(operation?.['x-permission']).toBe('billing:read');
    expect(operation?.parameters?.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining([
        'search',
        'billRunId',
        'accountId',
        'status',
        'kind',
        'issueDateFrom',
        'issueDateTo',
        'dueDateFrom',
        'dueDateTo',
        'totalMinorFrom',
        'totalMinorTo',
      ]),
    );
  });
});
