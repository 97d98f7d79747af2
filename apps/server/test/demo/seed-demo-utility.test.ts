import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { expect, it } from 'vitest';
import { demoEdgeCases, planDemoUtility, seedDemoUtility } from '../../src/modules/demo/index.js';
import { getPrepaidMeter, getVend, getVendingAgentDetails } from '../../src/modules/prepayment/index.js';
import { systemContext, type Db } from '../../src/platform/context/request-context.js';
import { AppError } from '../../src/platform/errors/app-error.js';
import { describeEachDatabase } from '../support/test-database.js';

const now = Temporal.PlainDate.from('2025-07-10');

async function countRows(db: Db, table: string, companyId: string): Promise<number> {
  const result = await sql<{
    count: string;
  }>`select count(*) as count from ${sql.table(table)} where company_id = ${companyId}`.execute(db);
  return Number(result.rows[0]?.count);
}

it('plans the same demo data every time', () => {
  const first = planDemoUtility(50, now);
  const second = planDemoUtility(50, now);
  expect(second).toEqual(first);
  expect(first.cutOff.toString()).toBe('2025-07-01');
  expect(first.billedMonthStart.toString()).toBe('2025-06-01');
  expect(first.readDates.map((date) => date.toString())).toHaveLength(13);
  const rollover = first.households[demoEdgeCases.dialRollover]!.readValues;
  expect(rollover[12]!).toBeLessThan(rollover[11]!);
});

describeEachDatabase('demo utility seed', (database) => {
  it('creates the stated records and bills the latest month', async () => {
    const { db } = database();
    const started = performance.now();
    const result = await seedDemoUtility(database(), { now });
    const seconds = (performance.now() - started) / 1000;

    expect(seconds).toBeLessThan(30);
    expect(result.companyCode).toBe('jackson-emc-demo');
    expect(result.apiKey).toMatch(/^cis_/);
    expect(result.billedMonth).toEqual({ start: '2025-06-01', end: '2025-07-01' });
    // 300 postpaid customers and 3 prepaid ones, the first of which has a water supply too.
    for (const table of ['customers.customer', 'customers.account', 'premises.premise']) {
      expect(await countRows(db, table, result.companyId), table).toBe(303);
    }
    expect(await countRows(db, 'premises.service_point', result.companyId)).toBe(304);
    expect(await countRows(db, 'agreements.service_agreement', result.companyId)).toBe(304);
    expect(await countRows(db, 'devices.meter', result.companyId)).toBe(305);
    expect(await countRows(db, 'devices.meter_installation', result.companyId)).toBe(305);
    expect(await countRows(db, 'prepayment.prepaid_meter', result.companyId)).toBe(4);
    expect(result.prepaid.meters.map((meter) => meter.pan)).toEqual([
      expect.stringMatching(/^600727\d{12}$/),
      expect.stringMatching(/^600727\d{12}$/),
      expect.stringMatching(/^600727\d{12}$/),
    ]);
    expect(await countRows(db, 'prepayment.deduction_rule', result.companyId)).toBe(2);
    expect(await countRows(db, 'prepayment.free_basic_allowance', result.companyId)).toBe(2);

    // The first household's water meter, on the water tariff, with 6 m3 of free basic water a month.
    const water = result.prepaid.water.meter;
    expect(water.customerId).toBe(result.prepaid.meters[0]!.customerId);
    expect(water.pan).toMatch(/^600727\d{12}$/);
    const waterMeter = await getPrepaidMeter(
      db,
      systemContext(result.companyId),
      { meterId: water.meterId },
      { lock: false },
    );
    expect(waterMeter.service).toBe('water');
    const allowances = await db
      .selectFrom('prepayment.free_basic_allowance')
      .select(['service', 'units_per_month'])
      .where('company_id', '=', result.companyId)
      .orderBy('service')
      .execute();
    expect(allowances).toEqual([
      { service: 'electricity', units_per_month: '50.0' },
      { service: 'water', units_per_month: '6.0' },
    ]);

    // A vending agent with an outlet, a commission rule, its opening float and a login that sells there.
    expect(result.users.map((user) => [user.user, user.kind, user.role])).toEqual([
      ['admin@demo.example', 'staff', 'administrator'],
      ['cashier@demo.example', 'staff', 'cashier'],
      ['agent@demo.example', 'agent', null],
      ['customer@demo.example', 'customer', null],
    ]);
    const agent = await getVendingAgentDetails(db, systemContext(result.companyId), result.vendingAgent.id);
    expect(agent.code).toBe('corner-shop');
    expect(agent.floatBalanceMinor).toBe(50_000n);
    expect(agent.outlets.map((outlet) => outlet.id)).toEqual([result.vendingAgent.outletId]);
    expect(agent.cashiers).toEqual([
      expect.objectContaining({ actorKind: 'user', outletId: result.vendingAgent.outletId, active: true }),
    ]);
    expect(agent.commissionRules.map((rule) => [rule.channel, rule.method, rule.percent])).toEqual([
      [null, 'percent', '2.500000'],
    ]);

    // The first prepaid household's login, and its top-up in the billed month, which took that month's
    // service charge, sales tax and free basic units.
    const household = result.prepaid.meters[0]!;
    expect(result.selfServiceCustomer.customerId).toBe(household.customerId);
    expect(result.selfServiceCustomer.meterId).toBe(household.meterId);
    expect(result.selfServiceCustomer.pan).toBe(household.pan);
    const login = await db
      .selectFrom('identity.user_account')
      .select(['kind', 'customer_id', 'display_name'])
      .where('company_id', '=', result.companyId)
      .where('email', '=', 'customer@demo.example')
      .executeTakeFirstOrThrow();
    expect(login).toEqual({
      kind: 'customer',
      customer_id: household.customerId,
      display_name: 'Grace Mabena',
    });
    const topUp = await getVend(db, systemContext(result.companyId), result.selfServiceCustomer.vendId);
    expect(topUp.meterId).toBe(household.meterId);
    // 10:30 in New York on June 15, 2025, under daylight saving time (UTC-4).
    expect(topUp.issuedAt).toBe('2025-06-15T14:30:00.000Z');
    expect(topUp.tenderedMinor).toBe(3000n);
    expect(topUp.status).toBe('issued');
    expect(topUp.agentId).toBeNull();
    expect(topUp.lines.map((line) => line.kind)).toEqual([
      'fixed-charge',
      'tax',
      'energy',
      'energy',
      'free-units',
    ]);
    expect(topUp.tokens.map((token) => token.purpose)).toEqual(['credit', 'free-units']);

    const organisations = await db
      .selectFrom('customers.customer')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('company_id', '=', result.companyId)
      .where('kind', '=', 'organisation')
      .executeTakeFirstOrThrow();
    expect(Number(organisations.count)).toBe(10);

    // 12 monthly reads each, less the 3 missing last reads and the exchanged meter's, plus the new meter's.
    expect(result.registerReads).toBe(300 * 12 - 3 - 1 + 1);
    const readKinds = await db
      .selectFrom('readings.register_read')
      .select(['kind', (eb) => eb.fn.countAll<string>().as('count')])
      .where('company_id', '=', result.companyId)
      .groupBy('kind')
      .orderBy('kind')
      .execute();
    expect(readKinds).toEqual([
      { kind: 'actual', count: String(result.registerReads) },
      // The bill run stores the reads it estimates for the three meters without a last read.
      { kind: 'estimated', count: '3' },
      { kind: 'install', count: '305' },
      { kind: 'removal', count: '1' },
    ]);

    expect(result.billRun.status).toBe('completed');
    expect(result.billRun.billsCreated).toBe(300);
    expect(result.billRun.exceptions).toBe(0);
    const estimated = await db
      .selectFrom('billing.bill')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('company_id', '=', result.companyId)
      .where('is_estimated', '=', true)
      .executeTakeFirstOrThrow();
    expect(Number(estimated.count)).toBe(demoEdgeCases.missingLastRead.length);
  });

  it('rejects a second seed of the same company', async () => {
    const error = await seedDemoUtility(database(), { now, customers: 5 }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('COMPANIES.CODE_TAKEN');
  });
});

describeEachDatabase('demo utility seed determinism', (database) => {
  it('gives the same bills for the same inputs', async () => {
    const { db } = database();
    const result = await seedDemoUtility(database(), { now, customers: 30 });
    const bills = await db
      .selectFrom('billing.bill as b')
      .innerJoin('customers.account as a', (join) =>
        join.onRef('a.company_id', '=', 'b.company_id').onRef('a.id', '=', 'b.account_id'),
      )
      .select(['a.account_number', 'b.total_minor'])
      .where('b.company_id', '=', result.companyId)
      .orderBy('a.account_number')
      .execute();
    expect(bills).toHaveLength(30);
    // Fixed here so that any change to the generator or the tariff shows up as a failing test.
    expect(bills.reduce((total, bill) => total + BigInt(bill.total_minor), 0n)).toMatchInlineSnapshot(
      `331317n`,
    );
    expect(bills.slice(0, 2)).toMatchInlineSnapshot(`
      [
        {
          "account_number": "0000000018",
          "total_minor": "11255",
        },
        {
          "account_number": "0000000026",
          "total_minor": "7764",
        },
      ]
    `);
  });
});
