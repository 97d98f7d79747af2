import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCompany } from '../../src/modules/companies/index.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import {
  createCompanyWithApiKey,
  createTestApiKey,
  type ApiKeyFixture,
} from '../support/factories/api-key.js';
import { describeEachDatabase } from '../support/test-database.js';
import { callApi, seedListData, type ListData } from './seed-list-data.js';
import { buildTestHttpApp } from './test-http-app.js';

type Item = Record<string, unknown>;
type Problem = { code: string; errors: { path: string; message: string }[] };

describeEachDatabase('list filters', (database) => {
  let app: HttpApp;
  let company: ApiKeyFixture;
  let data: ListData;

  beforeAll(async () => {
    ({ app } = await buildTestHttpApp(database()));
    company = await createCompanyWithApiKey(database().db);
    data = await seedListData(app, database().db, company);
  });
  afterAll(async () => {
    await app.close();
  });

  async function get(url: string, key = company) {
    return app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key.token}` } });
  }

  /** Returns the ids of a list page in its order, after checking that `total` counts them all. */
  async function idsOf(url: string, idField = 'id'): Promise<string[]> {
    const response = await get(url);
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    const page = response.json<{ items: Item[]; total: number }>();
    expect(page.total, url).toBe(page.items.length);
    return page.items.map((item) => String(item[idField]));
  }

  async function problemOf(url: string): Promise<Problem> {
    const response = await get(url);
    expect(response.statusCode, url).toBe(400);
    return response.json<Problem>();
  }

  const sorted = (ids: (string | undefined)[]) => [...ids].sort();

  it('filters payments', async () => {
    const [first, second, third, fourth] = data.paymentIds;
    expect(await idsOf('/v1/payments?status=reversed')).toEqual([second]);
    expect(sorted(await idsOf('/v1/payments?method=cash'))).toEqual(sorted([first, fourth]));
    expect(await idsOf(`/v1/payments?accountId=${data.accountIds[2]}`)).toEqual([third]);
    // Both ends of a date range are included.
    expect(await idsOf('/v1/payments?receivedOnFrom=2025-01-20&receivedOnTo=2025-02-05')).toEqual([
      third,
      second,
    ]);
    expect(await idsOf('/v1/payments?receivedOnFrom=2025-02-06')).toEqual([fourth]);
    expect(await idsOf('/v1/payments?receivedOnTo=2025-01-10')).toEqual([first]);
  });

  it('exports only filtered payments', async () => {
    const response = await get('/v1/payments?format=csv&status=posted&sort=amountMinor:desc');
    const records = parse<Record<string, string>>(response.body, { columns: true });
    expect(records.map((record) => record.amount)).toEqual(['10.00', '9.99', '0.50']);
  });

  it('rejects a reversed date range', async () => {
    const problem = await problemOf('/v1/payments?receivedOnFrom=2025-02-01&receivedOnTo=2025-01-31');
    expect(problem.errors).toEqual([
      {
        path: 'query.receivedOnTo',
        message:
          '2025-01-31 is before receivedOnFrom (2025-02-01): receivedOnTo must be on or after receivedOnFrom',
        code: 'custom',
        params: { input: '2025-01-31' },
      },
    ]);
  });

  it('names an invalid filter and value', async () => {
    const status = await problemOf('/v1/payments?status=bounced');
    expect(status.errors[0]?.path).toBe('query.status');
    expect(status.errors[0]?.message).toContain('"posted"');
    expect(status.errors[0]?.message).toContain('(value: "bounced")');
    const date = await problemOf('/v1/bill-runs?cutOffOnFrom=2025-02-30');
    expect(date.errors[0]?.path).toBe('query.cutOffOnFrom');
    expect(date.errors[0]?.message).toContain('February 2025 has 28 days');
    const reason = await problemOf(`/v1/bill-runs/${data.billRunIds[0]}/exceptions?reasonCode=no-reads`);
    expect(reason.errors[0]?.path).toBe('query.reasonCode');
    expect(reason.errors[0]?.message).toContain('NO_READS');
    expect(reason.errors[0]?.message).toContain('"no-reads"');
  });

  it('filters account bills', async () => {
    const [january, february, march, draft] = data.billIds;
    const bills = `/v1/accounts/${data.accountIds[0]}/bills`;
    expect(await idsOf(`${bills}?status=draft`)).toEqual([draft]);
    expect(await idsOf(`${bills}?kind=credit-note`)).toEqual([]);
    expect(sorted(await idsOf(`${bills}?kind=invoice`))).toEqual(sorted([january, february, march, draft]));
    expect(await idsOf(`${bills}?issueDateFrom=2025-02-05&sort=issueDate:asc`)).toEqual([february, march]);
    expect(await idsOf(`${bills}?issueDateTo=2025-02-05&sort=issueDate:asc`)).toEqual([january, february]);
    const problem = await problemOf(`${bills}?issueDateFrom=2025-03-01&issueDateTo=2025-02-01`);
    expect(problem.errors[0]?.path).toBe('query.issueDateTo');
  });

  it('filters bill runs', async () => {
    const [january, february, march] = data.billRunIds;
    expect(await idsOf('/v1/bill-runs')).toEqual([march, february, january]);
    expect(await idsOf('/v1/bill-runs?status=completed')).toEqual([january]);
    expect(await idsOf(`/v1/bill-runs?billCycleId=${data.billCycleIds[1]}`)).toEqual([]);
    expect(await idsOf('/v1/bill-runs?cutOffOnFrom=2025-02-28&sort=cutOffOn:asc')).toEqual([february, march]);
    expect(await idsOf('/v1/bill-runs?cutOffOnTo=2025-02-28&sort=cutOffOn:asc')).toEqual([january, february]);
  });

  it('filters exceptions by reason code', async () => {
    const exceptions = `/v1/bill-runs/${data.billRunIds[0]}/exceptions`;
    const [first, second, third] = data.accountIds;
    expect(sorted(await idsOf(`${exceptions}?reasonCode=NO_READS`, 'accountId'))).toEqual(
      sorted([first, third]),
    );
    expect(await idsOf(`${exceptions}?reasonCode=BACKWARDS_READ`, 'accountId')).toEqual([second]);
    const byReason = await idsOf(`${exceptions}?sort=reasonCode:asc`, 'accountId');
    expect(byReason[0]).toBe(second);
  });

  it('filters accounts and agreements', async () => {
    const [a0, a1, a2, a3, a4, a5] = data.accountIds;
    expect(sorted(await idsOf(`/v1/accounts?billCycleId=${data.billCycleIds[1]}`))).toEqual(
      sorted([a1, a3, a5]),
    );
    expect(sorted(await idsOf(`/v1/accounts?billCycleId=${data.billCycleIds[0]}`))).toEqual(
      sorted([a0, a2, a4]),
    );
    const [march, january, alsoMarch, june] = data.agreementIds;
    expect(await idsOf('/v1/agreements?paymentMode=prepaid')).toEqual([june]);
    expect(sorted(await idsOf('/v1/agreements?startOnFrom=2025-02-01&startOnTo=2025-03-01'))).toEqual(
      sorted([march, alsoMarch]),
    );
    expect(await idsOf('/v1/agreements?startOnTo=2025-01-01')).toEqual([january]);
  });

  it('filters users', async () => {
    const [cashier, analyst] = data.userIds;
    expect(await idsOf('/v1/users?status=disabled')).toEqual([analyst]);
    expect(await idsOf('/v1/users?search=CASH')).toEqual([cashier]);
    expect(await idsOf('/v1/users?kind=customer')).toEqual([]);
    expect(await idsOf('/v1/users')).toEqual([analyst, cashier]);
  });

  it('filters tariffs', async () => {
    const [residential, commercial, water] = data.tariffIds;
    expect(await idsOf('/v1/tariffs')).toEqual([commercial, residential, water]);
    expect(await idsOf('/v1/tariffs?search=co')).toEqual([commercial]);
    expect(await idsOf('/v1/tariffs?search=resid')).toEqual([residential, water]);
    expect(await idsOf('/v1/tariffs?service=water')).toEqual([water]);
    expect(await idsOf('/v1/tariffs?search=100%25')).toEqual([]);
  });

  it('keeps the earlier filters', async () => {
    expect(await idsOf('/v1/meters?serialNumber=m-1')).toEqual([data.meterIds[1]]);
    expect(await idsOf('/v1/premises?search=athens')).toEqual([data.premiseIds[1]]);
    expect(await idsOf(`/v1/service-points?premiseId=${data.premiseIds[0]}&service=water`)).toEqual([
      data.servicePointIds[1],
    ]);
    expect(await idsOf('/v1/customers?search=alp&kind=organisation')).toHaveLength(3);
    expect(await idsOf(`/v1/agreements?accountId=${data.accountIds[1]}`)).toEqual([data.agreementIds[1]]);
  });

  it('writes amounts in company decimals', async () => {
    const { db } = database();
    const dinars = await createCompany(
      { forCompany: () => db },
      { kind: 'system', id: 'test' },
      { code: 'kwd-lists', name: 'Kuwaiti company', currency: 'KWD', timeZone: 'Asia/Kuwait' },
    );
    const key = {
      companyId: dinars.id,
      companyCode: 'kwd-lists',
      ...(await createTestApiKey(db, dinars.id, ['*'])),
    };
    const cycle = await callApi(app, key, 'POST', '/v1/bill-cycles', {
      code: 'M',
      name: 'Monthly',
      periodMonths: 1,
    });
    const customer = await callApi(app, key, 'POST', '/v1/customers', {
      kind: 'organisation',
      organisationName: 'Souk',
    });
    const account = await callApi(app, key, 'POST', '/v1/accounts', {
      customerId: customer.id,
      billCycleId: cycle.id,
      billDelivery: 'post',
    });
    await callApi(
      app,
      key,
      'POST',
      '/v1/payments',
      {
        accountId: account.id,
        amountMinor: '1234',
        currency: 'KWD',
        method: 'cash',
      },
      { 'idempotency-key': 'kwd-1' },
    );
    const response = await get('/v1/payments?format=csv', key);
    const records = parse<Record<string, string>>(response.body, { columns: true });
    expect(records.map((record) => [record.currency, record.amount, record.unallocated])).toEqual([
      ['KWD', '1.234', '1.234'],
    ]);
  });
});
