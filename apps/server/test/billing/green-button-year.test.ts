import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { Temporal } from 'temporal-polyfill';
import { expect, it } from 'vitest';
import { processBillRun, startBillRun } from '../../src/modules/billing/index.js';
import { createCompany } from '../../src/modules/companies/index.js';
import { importTariffFromUrdb } from '../../src/modules/rates/index.js';
import { importIntervalData } from '../../src/modules/readings/index.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import { insertAccount } from '../support/factories/company.js';
import { describeEachDatabase } from '../support/test-database.js';

const run = promisify(execFile);
const coastal =
  '../shared/data/greenbutton/Coastal_Multi_Family_Jan_1_2011_to_Jan_1_2012_RetailCustomer_5.xml';
const xcel = '../shared/data/tariffs/urdb/xcel-colorado-residential-re-tou.json';

type RateMonth = { month: number; kwh: string; energy_charge: string; fixed_charge: string; total: string };

describeEachDatabase('Green Button year through monthly bill runs', (database) => {
  it('gives the same monthly amounts as cis rate', async () => {
    const { db } = database();
    const company = await createCompany(
      database(),
      { kind: 'system', id: 'test' },
      {
        code: `gb-${Date.now().toString(36)}`,
        name: 'Coastal Power',
        currency: 'USD',
        timeZone: 'America/Los_Angeles',
      },
    );
    const context = systemContext(company.id, 'test');
    const cycle = await db
      .insertInto('billing.bill_cycle')
      .values({ company_id: company.id, code: 'monthly', name: 'Monthly' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { accountId } = await insertAccount(db, {
      companyId: company.id,
      code: company.code,
      billCycleId: cycle.id,
    });
    const premise = await db
      .insertInto('premises.premise')
      .values({ company_id: company.id, address_line1: '5 Coastal Way', city: 'Anytown', country: 'US' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const servicePoint = await db
      .insertInto('premises.service_point')
      .values({ company_id: company.id, premise_id: premise.id, service: 'electricity' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const imported = await importTariffFromUrdb(db, context, {
      document: JSON.parse(await readFile(xcel, 'utf8')) as unknown,
      code: 'RE-TOU',
      effectiveFrom: '2011-01-01',
    });
    await db
      .insertInto('agreements.service_agreement')
      .values({
        company_id: company.id,
        account_id: accountId,
        service_point_id: servicePoint.id,
        tariff_id: imported.tariff.id,
        start_on: '2011-01-01',
      })
      .execute();
    const readings = await importIntervalData(db, context, {
      source: createReadStream(coastal),
      format: 'greenbutton',
      mapping: { servicePointId: servicePoint.id },
    });
    expect(readings.channels.reduce((total, channel) => total + channel.readingsWritten, 0)).toBe(8760);

    for (let month = 2; month <= 13; month++) {
      const cutOffOn = Temporal.PlainDate.from({ year: 2011, month: 1, day: 1 })
        .add({ months: month - 1 })
        .toString();
      const { billRun } = await startBillRun(db, context, { billCycleId: cycle.id, cutOffOn });
      const done = await processBillRun(db, context, billRun.id, { issueDate: cutOffOn });
      expect(done.exceptionsCount).toBe(0);
      expect(done.billsCreated).toBe(1);
    }
    const bills = await db
      .selectFrom('billing.bill')
      .select(['id', 'period_start', 'period_end', 'total_minor'])
      .where('account_id', '=', accountId)
      .orderBy('period_start')
      .execute();
    const lines = await db
      .selectFrom('billing.bill_line')
      .select(['bill_id', 'component_kind', 'quantity', 'amount_minor'])
      .where('company_id', '=', company.id)
      .execute();

    const { stdout } = await run(
      'node',
      [
        'apps/server/bin/cis.js',
        'rate',
        '--tariff',
        xcel,
        '--load',
        coastal,
        '--mode',
        'calendar',
        '--year',
        '2011',
        '--timezone',
        'America/Los_Angeles',
        '--json',
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    const calculator = JSON.parse(stdout) as { months: RateMonth[] };

    expect(bills.map((bill) => bill.period_start)).toEqual(
      Array.from({ length: 12 }, (_, index) => `2011-${String(index + 1).padStart(2, '0')}-01`),
    );
    for (const [index, bill] of bills.entries()) {
      const expected = calculator.months[index];
      const billLines = lines.filter((line) => line.bill_id === bill.id);
      const cents = (kind: string) =>
        billLines
          .filter((line) => line.component_kind === kind)
          .reduce((total, line) => total + BigInt(line.amount_minor), 0n);
      const kwh = billLines
        .filter((line) => line.component_kind === 'energy')
        .reduce((total, line) => total + Number(line.quantity), 0);
      expect(expected?.month).toBe(index + 1);
      expect(bill.total_minor).toBe(String(Math.round(Number(expected?.total) * 100)));
      expect(String(cents('energy'))).toBe(String(Math.round(Number(expected?.energy_charge) * 100)));
      expect(String(cents('fixed'))).toBe(String(Math.round(Number(expected?.fixed_charge) * 100)));
      expect(kwh).toBeCloseTo(Number(expected?.kwh), 6);
    }
  });
});
