import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serviceAgreementSortFields } from '../../src/modules/agreements/domain/service-agreement-schemas.js';
import {
  accountBillSortFields,
  billRunExceptionSortFields,
  billRunSortFields,
  billSortFields,
} from '../../src/modules/billing/domain/billing-list-schemas.js';
import { accountSortFields, customerSortFields } from '../../src/modules/customers/index.js';
import { meterSortFields } from '../../src/modules/devices/domain/meter-schemas.js';
import { userSortFields } from '../../src/modules/identity/domain/user-list-schemas.js';
import { paymentSortFields } from '../../src/modules/payments/domain/payment-list-schemas.js';
import {
  premiseSortFields,
  servicePointSortFields,
} from '../../src/modules/premises/domain/premise-schemas.js';
import { tariffSortFields } from '../../src/modules/rates/domain/tariff-list-schemas.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { createCompanyWithApiKey, type ApiKeyFixture } from '../support/factories/api-key.js';
import { describeEachDatabase } from '../support/test-database.js';
import { seedListData, type ListData } from './seed-list-data.js';
import { buildTestHttpApp } from './test-http-app.js';

type Item = Record<string, unknown>;
type ListRoute = { url: string; fields: readonly string[]; idField: string };

function listRoutes(data: ListData): ListRoute[] {
  const route = (url: string, fields: readonly string[], idField = 'id') => ({ url, fields, idField });
  return [
    route('/v1/customers', customerSortFields),
    route('/v1/accounts', accountSortFields),
    route('/v1/premises', premiseSortFields),
    route('/v1/service-points', servicePointSortFields),
    route('/v1/meters', meterSortFields),
    route('/v1/tariffs', tariffSortFields),
    route('/v1/agreements', serviceAgreementSortFields),
    route('/v1/payments', paymentSortFields),
    route('/v1/bill-runs', billRunSortFields),
    route(`/v1/bill-runs/${data.billRunIds[0]}/exceptions`, billRunExceptionSortFields, 'accountId'),
    route(`/v1/accounts/${data.accountIds[0]}/bills`, accountBillSortFields),
    route('/v1/bills', billSortFields),
    route('/v1/users', userSortFields),
  ];
}

function withQuery(url: string, query: string): string {
  return `${url}?${query}`;
}

describeEachDatabase('list convention', (database) => {
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

  async function listIds(route: ListRoute, query: string): Promise<string[]> {
    const response = await get(withQuery(route.url, query));
    expect(response.statusCode, `${route.url}?${query}: ${response.body}`).toBe(200);
    const page = response.json<{ items: Item[]; total: number }>();
    return page.items.map((item) => String(item[route.idField]));
  }

  it('sorts name ties by id', async () => {
    const byNameThenId = [...data.customers].sort(
      (a, b) => a.displayName.localeCompare(b.displayName) || (a.id < b.id ? -1 : 1),
    );
    const route = { url: '/v1/customers', fields: customerSortFields, idField: 'id' };
    expect(await listIds(route, 'sort=displayName:asc')).toEqual(byNameThenId.map((customer) => customer.id));
    expect(await listIds(route, 'sort=displayName')).toEqual(byNameThenId.map((customer) => customer.id));
    expect(await listIds(route, '')).toEqual(byNameThenId.map((customer) => customer.id));
    expect(await listIds(route, 'sort=displayName:desc')).toEqual(
      byNameThenId.map((customer) => customer.id).reverse(),
    );
  });

  it('sorts amounts as numbers', async () => {
    const response = await get('/v1/payments?sort=amountMinor:asc');
    const amounts = response
      .json<{ items: { amountMinor: string }[] }>()
      .items.map((item) => item.amountMinor);
    expect(amounts).toEqual(['50', '999', '1000', '2500']);
  });

  it('sorts every field both ways', async () => {
    for (const route of listRoutes(data)) {
      for (const field of route.fields) {
        const ascending = await listIds(route, `sort=${field}:asc&limit=500`);
        const descending = await listIds(route, `sort=${field}:desc&limit=500`);
        expect(ascending.length, `${route.url} ${field}`).toBeGreaterThan(1);
        // The id breaks ties in the field's direction, so the order is total and one way reverses the other.
        expect(descending, `${route.url} ${field}`).toEqual([...ascending].reverse());
      }
    }
  });

  it('pages without repeats or gaps', async () => {
    for (const route of listRoutes(data)) {
      for (const field of route.fields) {
        const all = await listIds(route, `sort=${field}:desc&limit=500`);
        const paged: string[] = [];
        for (let offset = 0; offset < all.length; offset += 2) {
          paged.push(...(await listIds(route, `sort=${field}:desc&limit=2&offset=${offset}`)));
        }
        expect(paged, `${route.url} ${field}`).toEqual(all);
        expect(new Set(paged).size, `${route.url} ${field}`).toBe(all.length);
      }
    }
  });

  it('rejects unknown sort fields', async () => {
    for (const route of listRoutes(data)) {
      const response = await get(withQuery(route.url, 'sort=nope:desc'));
      expect(response.statusCode, route.url).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const problem = response.json<{ code: string; errors: { path: string; message: string }[] }>();
      expect(problem.code).toBe('HTTP.VALIDATION_FAILED');
      expect(problem.errors).toHaveLength(1);
      expect(problem.errors[0]?.path).toBe('query.sort');
      expect(problem.errors[0]?.message).toBe(
        `unknown sort field "nope": use one of ${[...route.fields].sort().join(', ')} (value: "nope:desc")`,
      );
    }
  });

  it('rejects unknown query parameters', async () => {
    for (const route of listRoutes(data)) {
      const response = await get(withQuery(route.url, 'from=2026-01-01&limit=5'));
      expect(response.statusCode, route.url).toBe(400);
      const problem = response.json<{ code: string; errors: { path: string; message: string }[] }>();
      expect(problem.code).toBe('HTTP.VALIDATION_FAILED');
      expect(problem.errors).toHaveLength(1);
      expect(problem.errors[0]?.path).toBe('query.from');
      expect(problem.errors[0]?.message).toMatch(/^unknown query parameter "from": use one of .*\blimit\b/);
    }
  });

  it('rejects an unknown sort direction', async () => {
    const response = await get('/v1/customers?sort=displayName:down');
    expect(response.statusCode).toBe(400);
    expect(response.json<{ errors: { message: string }[] }>().errors[0]?.message).toContain(
      '"displayName:down" is not a valid sort',
    );
  });

  it('exports CSV in list order', async () => {
    for (const route of listRoutes(data)) {
      const firstAndLast = route.fields.filter(
        (_, index) => index === 0 || index === route.fields.length - 1,
      );
      for (const field of firstAndLast) {
        const ids = await listIds(route, `sort=${field}:desc&limit=500`);
        // limit and offset do not apply to CSV: every matching row comes back.
        const response = await get(withQuery(route.url, `sort=${field}:desc&format=csv&limit=1&offset=1`));
        expect(response.statusCode, `${route.url} ${response.body}`).toBe(200);
        expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
        expect(response.headers['content-disposition']).toMatch(/^attachment; filename="[a-z-]+\.csv"$/);
        const [header = [], ...records]: string[][] = parse(response.body, { bom: true });
        expect(header[0], route.url).toBe(route.idField);
        expect(
          records.map((record) => record[0]),
          `${route.url} ${field}`,
        ).toEqual(ids);
        expect(records.every((record) => record.length === header.length)).toBe(true);
      }
    }
  });

  it('writes CSV amounts as decimals', async () => {
    const payments = parse<Record<string, string>>(
      (await get('/v1/payments?format=csv&sort=receivedOn:asc')).body,
      { bom: true, columns: true },
    );
    expect(payments.map((payment) => [payment.amount, payment.allocated, payment.unallocated])).toEqual([
      ['10.00', '0.00', '10.00'],
      ['25.00', '0.00', '0.00'],
      ['9.99', '0.00', '9.99'],
      ['0.50', '0.00', '0.50'],
    ]);
    const bills = parse<Record<string, string>>(
      (await get(`/v1/accounts/${data.accountIds[0]}/bills?format=csv&sort=totalMinor:asc`)).body,
      { bom: true, columns: true },
    );
    expect(bills.map((bill) => bill.total)).toEqual(['-2.50', '9.99', '123.45', '123.45']);
  });

  it('documents sort and format on every list', async () => {
    const document = (await get('/openapi.json')).json<{
      paths: Record<string, { get?: { parameters?: { name: string; description?: string }[] } }>;
    }>();
    const openApiPath = (url: string) =>
      url.replace(data.billRunIds[0] ?? '', '{id}').replace(data.accountIds[0] ?? '', '{id}');
    for (const route of listRoutes(data)) {
      const parameters = document.paths[openApiPath(route.url)]?.get?.parameters ?? [];
      const sort = parameters.find((parameter) => parameter.name === 'sort');
      expect(sort?.description, route.url).toContain(`Fields: ${[...route.fields].sort().join(', ')}.`);
      expect(parameters.map((parameter) => parameter.name)).toEqual(
        expect.arrayContaining(['limit', 'offset', 'sort', 'format']),
      );
    }
  });

  it('keeps CSV exports within the company', async () => {
    const stranger = await createCompanyWithApiKey(database().db);
    for (const route of listRoutes(data).filter((item) => !item.url.includes(data.billRunIds[0] ?? '-'))) {
      const response = await get(withQuery(route.url, 'format=csv'), stranger);
      if (route.url.includes('/accounts/')) {
        expect(response.statusCode, route.url).toBe(404);
        continue;
      }
      expect(response.statusCode, route.url).toBe(200);
      expect(parse(response.body, { bom: true }), route.url).toHaveLength(1);
    }
    const exceptions = await get(`/v1/bill-runs/${data.billRunIds[0]}/exceptions?format=csv`, stranger);
    expect(exceptions.statusCode).toBe(404);
  });
});

describeEachDatabase('CSV export', (database) => {
  let app: HttpApp;
  let cappedApp: HttpApp;
  let company: ApiKeyFixture;
  const names = [
    "=cmd|'/C calc'!A0",
    '+1 555 0100',
    '-2+3',
    '@SUM(A1:A2)',
    'Quote "q", comma',
    'Two\nlines',
    'Ñandú €',
  ];

  beforeAll(async () => {
    ({ app } = await buildTestHttpApp(database()));
    ({ app: cappedApp } = await buildTestHttpApp(database(), { csvExportMaxRows: 3 }));
    company = await createCompanyWithApiKey(database().db);
    for (const name of names) {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/customers',
        headers: { authorization: `Bearer ${company.token}` },
        payload: { kind: 'organisation', organisationName: name },
      });
      expect(response.statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await app.close();
    await cappedApp.close();
  });

  async function exportCustomers(target: HttpApp, query: string) {
    return target.inject({
      method: 'GET',
      url: `/v1/customers?format=csv&${query}`,
      headers: { authorization: `Bearer ${company.token}` },
    });
  }

  it('quotes fields and escapes formulas', async () => {
    const response = await exportCustomers(app, 'sort=createdAt:asc');
    expect(response.statusCode).toBe(200);
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    const lines = response.body.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'id,kind,displayName,givenName,familyName,organisationName,preferredLocale,createdAt,updatedAt',
    );
    expect(lines.at(-1)).toBe('');
    const displayNames = lines.slice(1, -1).map((line) => line.split(',')[2]);
    expect(displayNames.slice(0, 4)).toEqual([`'=cmd|'/C calc'!A0`, "'+1 555 0100", "'-2+3", "'@SUM(A1:A2)"]);
    expect(response.body).toContain(',"Quote ""q"", comma",');
    expect(response.body).toContain(',"Two\nlines",');

    const records = parse<Record<string, string>>(response.body, { bom: true, columns: true });
    expect(records.map((record) => record.displayName)).toEqual([
      `'=cmd|'/C calc'!A0`,
      "'+1 555 0100",
      "'-2+3",
      "'@SUM(A1:A2)",
      'Quote "q", comma',
      'Two\nlines',
      'Ñandú €',
    ]);
    expect(records[0]?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(records[0]?.givenName).toBe('');
  });

  it('rejects an export over the limit', async () => {
    const response = await exportCustomers(cappedApp, '');
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json<{ code: string; detail: string; errors: { path: string }[] }>();
    expect(problem.code).toBe('HTTP.EXPORT_TOO_LARGE');
    expect(problem.detail).toContain('more than 3 rows');
    expect(problem.detail).toContain('narrow the filters');
    expect(problem.errors[0]?.path).toBe('query.format');
  });

  it('exports exactly the row limit', async () => {
    // "m" matches three names (=cmd, @SUM, comma), "a" four.
    const atLimit = await exportCustomers(cappedApp, 'search=m');
    expect(atLimit.statusCode).toBe(200);
    expect(parse(atLimit.body, { bom: true })).toHaveLength(4);
    const overLimit = await exportCustomers(cappedApp, 'search=a');
    expect(overLimit.statusCode).toBe(422);
  });

  it('writes the requested columns in order', async () => {
    const response = await exportCustomers(app, 'sort=createdAt:asc&columns=displayName,kind,id');
    expect(response.statusCode, response.body).toBe(200);
    const [header = [], ...records]: string[][] = parse(response.body, { bom: true });
    expect(header).toEqual(['displayName', 'kind', 'id']);
    expect(records[0]?.slice(0, 2)).toEqual([`'=cmd|'/C calc'!A0`, 'organisation']);
    expect(records.every((record) => record.length === 3)).toBe(true);
  });

  it('rejects an unknown CSV column', async () => {
    const response = await exportCustomers(app, 'columns=displayName,nickname');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json<{
      code: string;
      detail: string;
      errors: { path: string; message: string }[];
    }>();
    expect(problem.code).toBe('HTTP.INVALID_CSV_COLUMNS');
    expect(problem.detail).toContain('unknown CSV column "nickname"');
    expect(problem.errors[0]?.path).toBe('query.columns');
    expect(problem.errors[0]?.message).toContain('displayName');
  });

  it('rejects a repeated CSV column', async () => {
    const response = await exportCustomers(app, 'columns=id,id');
    expect(response.statusCode).toBe(400);
    expect(response.json<{ detail: string }>().detail).toContain('"id" is named twice');
  });
});
