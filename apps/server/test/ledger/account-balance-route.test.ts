import { randomUUID } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageingBucketDays, ageingBuckets, computeAgeingBucket } from '../../src/modules/ledger/index.js';
import { postPayment } from '../../src/modules/payments/index.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { createTestApiKey } from '../support/factories/api-key.js';
import { insertAccount, insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { insertIssuedBill } from '../support/factories/payments.js';
import { describeEachDatabase } from '../support/test-database.js';

type OpenItemBody = {
  invoiceNumber: string;
  dueDate: string;
  total: string;
  allocated: string;
  outstanding: string;
  outstandingMinor: string;
  daysOverdue: number;
  ageingBucket: string;
};
type BalanceBody = {
  asOf: string;
  balance: string;
  balanceMinor: string;
  credit: string;
  openItemsTotal: string;
  ageing: Record<string, string>;
  ageingBuckets: {
    bucket: string;
    minDaysOverdue: number;
    maxDaysOverdue: number | null;
    itemCount: number;
    amountMinor: string;
    amount: string;
  }[];
  openItems: OpenItemBody[];
};

describeEachDatabase('account balance route', (database) => {
  let app: HttpApp;

  beforeAll(async () => {
    ({ app } = await buildTestHttpApp(database()));
  });
  afterAll(async () => {
    await app.close();
  });

  async function companyWithKey(
    options: Parameters<typeof insertCompany>[1] = {},
  ): Promise<{ company: CompanyFixture; token: string }> {
    const company = await insertCompany(database().db, options);
    const { token } = await createTestApiKey(database().db, company.companyId, ['ledger:read']);
    return { company, token };
  }

  const get = (url: string, token: string) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  it('ages open items with decimal amounts', async () => {
    const { db } = database();
    const { company, token } = await companyWithKey();
    const { accountId } = await insertAccount(db, company);
    for (const [dueDate, totalMinor] of [
      ['2026-06-30', 10050n],
      ['2026-06-01', 20000n],
      ['2026-05-01', 30000n],
      ['2026-04-01', 40000n],
      ['2026-03-01', 50025n],
    ] as const) {
      await insertIssuedBill(db, company, accountId, { totalMinor, issueDate: '2026-01-01', dueDate });
    }
    // Payments settle the oldest item first: 100.00 of the 500.25 due on 2026-03-01.
    await postPayment(db, systemContext(company.companyId), {
      accountId,
      amountMinor: 10000n,
      currency: 'EUR',
      receivedOn: '2026-06-15',
      method: 'transfer',
      idempotencyKey: randomUUID(),
    });

    const response = await get(`/v1/accounts/${accountId}/balance?asOf=2026-06-30`, token);

    expect(response.statusCode).toBe(200);
    const body = response.json<BalanceBody>();
    expect(body).toMatchObject({
      asOf: '2026-06-30',
      balance: '1400.75',
      balanceMinor: '140075',
      credit: '0.00',
      openItemsTotal: '1400.75',
    });
    expect(
      body.openItems.map((item) => [
        item.dueDate,
        item.total,
        item.allocated,
        item.outstanding,
        item.daysOverdue,
        item.ageingBucket,
      ]),
    ).toEqual([
      ['2026-03-01', '500.25', '100.00', '400.25', 121, '90+'],
      ['2026-04-01', '400.00', '0.00', '400.00', 90, '61-90'],
      ['2026-05-01', '300.00', '0.00', '300.00', 60, '31-60'],
      ['2026-06-01', '200.00', '0.00', '200.00', 29, '1-30'],
      ['2026-06-30', '100.50', '0.00', '100.50', 0, 'current'],
    ]);
    expect(body.ageingBuckets.map((bucket) => [bucket.bucket, bucket.itemCount, bucket.amount])).toEqual([
      ['current', 1, '100.50'],
      ['1-30', 1, '200.00'],
      ['31-60', 1, '300.00'],
      ['61-90', 1, '400.00'],
      ['90+', 1, '400.25'],
    ]);
    expect(body.ageingBuckets.map((bucket) => bucket.amountMinor)).toEqual(
      ageingBuckets.map((bucket) => body.ageing[bucket]),
    );
  });

  it('formats zero and three decimal currencies', async () => {
    const { db } = database();
    for (const [currency, minorUnit, expected] of [
      ['JPY', 0, '12345'],
      ['KWD', 3, '12.345'],
    ] as const) {
      const { company, token } = await companyWithKey({ currency, minorUnit });
      const { accountId } = await insertAccount(db, company);
      await insertIssuedBill(db, company, accountId, {
        totalMinor: 12345n,
        issueDate: '2026-01-01',
        dueDate: '2026-01-21',
        currency,
      });

      const body = (
        await get(`/v1/accounts/${accountId}/balance?asOf=2026-01-10`, token)
      ).json<BalanceBody>();

      expect({ currency, balance: body.balance }).toEqual({ currency, balance: expected });
      expect({ currency, outstanding: body.openItems[0]?.outstanding }).toEqual({
        currency,
        outstanding: expected,
      });
    }
  });

  it("ages on today in the company's time zone", async () => {
    const timeZone = 'Pacific/Kiritimati';
    const { company, token } = await companyWithKey({ timeZone });
    const { accountId } = await insertAccount(database().db, company);

    const body = (await get(`/v1/accounts/${accountId}/balance`, token)).json<BalanceBody>();

    expect(body.asOf).toBe(Temporal.Now.plainDateISO(timeZone).toString());
    expect(body.ageingBuckets.every((bucket) => bucket.amount === '0.00')).toBe(true);
  });

  it("finds no other company's account", async () => {
    const { token } = await companyWithKey();
    const other = await companyWithKey();
    const { accountId } = await insertAccount(database().db, other.company);

    const response = await get(`/v1/accounts/${accountId}/balance`, token);

    expect(response.statusCode).toBe(404);
    expect(response.json<{ code: string }>().code).toBe('LEDGER.ACCOUNT_NOT_FOUND');
  });
});

describe('ageing bucket days', () => {
  it('match the bucket of every day count', () => {
    for (let days = 0; days <= 400; days++) {
      const range = ageingBucketDays[computeAgeingBucket(days)];
      expect({ days, inRange: days >= range.min && (range.max === null || days <= range.max) }).toEqual({
        days,
        inRange: true,
      });
    }
  });
});
