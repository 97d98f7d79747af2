import { sql } from 'kysely';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import type { Db } from '../../src/platform/context/request-context.js';
import type { ApiKeyFixture } from '../support/factories/api-key.js';
import { insertIssuedBill } from '../support/factories/payments.js';

type Json = Record<string, unknown>;

/** Ids of the rows seeded for the list tests, by table. */
export type ListData = {
  billCycleIds: string[];
  customers: { id: string; displayName: string }[];
  accountIds: string[];
  premiseIds: string[];
  servicePointIds: string[];
  meterIds: string[];
  tariffIds: string[];
  agreementIds: string[];
  paymentIds: string[];
  billIds: string[];
  billRunIds: string[];
  userIds: string[];
};

/** Sends one request with the company's key, and throws with the response body when it fails. */
export async function callApi(
  app: HttpApp,
  key: ApiKeyFixture,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: Json,
  headers: Record<string, string> = {},
): Promise<Json> {
  const response = await app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key.token}`, ...headers },
    ...(payload ? { payload } : {}),
  });
  if (response.statusCode >= 300) throw new Error(`${method} ${url} failed: ${response.body}`);
  return response.json<Json>();
}

/**
 * Seeds a row or more in every listed table: through the API where it can, and directly for bills, bill
 * runs and exceptions, which only a bill run makes. Names repeat on purpose, so that sorts have ties.
 */
export async function seedListData(app: HttpApp, db: Db, key: ApiKeyFixture): Promise<ListData> {
  const post = async (url: string, payload: Json, headers: Record<string, string> = {}) =>
    String((await callApi(app, key, 'POST', url, payload, headers)).id);

  const billCycleIds = [
    await post('/v1/bill-cycles', { code: 'M1', name: 'Monthly', periodMonths: 1 }),
    await post('/v1/bill-cycles', { code: 'Q1', name: 'Quarterly', periodMonths: 3 }),
  ];
  const customers: ListData['customers'] = [];
  for (const name of ['Charlie', 'Alpha', 'Bravo', 'Alpha', 'Delta', 'Alpha']) {
    customers.push({
      id: await post('/v1/customers', { kind: 'organisation', organisationName: name }),
      displayName: name,
    });
  }
  const accountIds: string[] = [];
  for (const [index, customer] of customers.entries()) {
    accountIds.push(
      await post('/v1/accounts', {
        customerId: customer.id,
        billCycleId: billCycleIds[index % 2],
        billDelivery: 'post',
      }),
    );
  }
  // The accounts opened two years back, so that the payments of 2025 below may be dated before today.
  await sql`update customers.account set created_at = created_at - interval '2 years'
             where id = any(${accountIds}::uuid[])`.execute(db);
  const premiseIds: string[] = [];
  const servicePointIds: string[] = [];
  for (const city of ['Jefferson', 'Athens', 'Jefferson']) {
    const premiseId = await post('/v1/premises', { addressLine1: '1 Main Street', city, country: 'US' });
    premiseIds.push(premiseId);
    for (const service of ['electricity', 'water']) {
      servicePointIds.push(await post('/v1/service-points', { premiseId, service }));
    }
  }
  const meterIds: string[] = [];
  for (const serialNumber of ['M-2', 'M-1', 'M-3']) {
    meterIds.push(
      await post('/v1/meters', {
        serialNumber,
        service: 'electricity',
        registers: [{ code: '1.8.0', unit: 'kWh', dials: 6 }],
      }),
    );
  }
  const tariffIds: string[] = [];
  for (const [code, name, service] of [
    ['RES', 'Residential', 'electricity'],
    ['COM', 'Commercial', 'electricity'],
    ['WAT', 'Residential water', 'water'],
  ] as const) {
    tariffIds.push(await post('/v1/tariffs', { code, name, service }));
  }
  // Service points alternate electricity and water; the last agreement supplies water on tariff WAT.
  const agreementIds: string[] = [];
  for (const [index, [startOn, pointIndex, tariffIndex]] of (
    [
      ['2025-03-01', 0, 0],
      ['2025-01-01', 2, 0],
      ['2025-03-01', 4, 0],
      ['2025-06-01', 1, 2],
    ] as const
  ).entries()) {
    agreementIds.push(
      await post('/v1/agreements', {
        accountId: accountIds[index],
        servicePointId: servicePointIds[pointIndex],
        tariffId: tariffIds[tariffIndex],
        startOn,
        paymentMode: index === 3 ? 'prepaid' : 'postpaid',
      }),
    );
  }
  const paymentIds: string[] = [];
  for (const [index, [receivedOn, method, amountMinor]] of [
    ['2025-01-10', 'cash', '1000'],
    ['2025-01-20', 'transfer', '2500'],
    ['2025-02-05', 'card', '999'],
    ['2025-02-15', 'cash', '50'],
  ].entries()) {
    paymentIds.push(
      await post(
        '/v1/payments',
        { accountId: accountIds[index], amountMinor, currency: 'EUR', method, receivedOn },
        { 'idempotency-key': `list-payment-${index}` },
      ),
    );
  }
  await callApi(app, key, 'POST', `/v1/payments/${paymentIds[1]}/reversal`, { reason: 'Bounced' });

  const company = { companyId: key.companyId, code: key.companyCode, billCycleId: billCycleIds[0] ?? '' };
  const accountId = accountIds[0] ?? '';
  const billIds: string[] = [];
  for (const [issueDate, totalMinor] of [
    ['2025-01-05', 12345n],
    ['2025-02-05', 999n],
    ['2025-03-05', 12345n],
  ] as const) {
    const bill = await insertIssuedBill(db, company, accountId, {
      totalMinor,
      issueDate,
      dueDate: issueDate,
    });
    billIds.push(bill.billId);
  }
  const draft = await db
    .insertInto('billing.bill')
    .values({
      company_id: key.companyId,
      account_id: accountId,
      status: 'draft',
      period_start: '2025-03-01',
      period_end: '2025-04-01',
      currency: 'EUR',
      total_minor: '-250',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  billIds.push(draft.id);

  const billRunIds: string[] = [];
  for (const [cutOffOn, status, createdAt] of [
    ['2025-01-31', 'completed', '2025-02-01T08:00:00Z'],
    ['2025-02-28', 'running', '2025-03-01T08:00:00Z'],
    ['2025-03-31', 'open', '2025-04-01T08:00:00Z'],
  ] as const) {
    const run = await db
      .insertInto('billing.bill_run')
      .values({
        company_id: key.companyId,
        bill_cycle_id: billCycleIds[0] ?? '',
        cut_off_on: cutOffOn,
        status,
        created_at: new Date(createdAt),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    billRunIds.push(run.id);
  }
  for (const [index, reasonCode] of ['NO_READS', 'BACKWARDS_READ', 'NO_READS'].entries()) {
    await db
      .insertInto('billing.bill_run_exception')
      .values({
        company_id: key.companyId,
        bill_run_id: billRunIds[0] ?? '',
        account_id: accountIds[index] ?? '',
        reason_code: reasonCode,
        detail: `Test exception ${index}`,
      })
      .execute();
  }

  const userIds: string[] = [];
  for (const [email, displayName] of [
    ['cashier@example.com', 'Cashier'],
    ['analyst@example.com', 'Analyst'],
  ]) {
    const created = await callApi(app, key, 'POST', '/v1/users', { email, displayName, roles: [] });
    userIds.push(String((created.user as Json).id));
  }
  await callApi(app, key, 'PATCH', `/v1/users/${userIds[1]}`, { status: 'disabled' });

  return {
    billCycleIds,
    customers,
    accountIds,
    premiseIds,
    servicePointIds,
    meterIds,
    tariffIds,
    agreementIds,
    paymentIds,
    billIds,
    billRunIds,
    userIds,
  };
}
