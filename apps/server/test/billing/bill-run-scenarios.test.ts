import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { cancelBill, processBillRun, startBillRun } from '../../src/modules/billing/index.js';
import { listEstimationProfiles, setEstimationProfile } from '../../src/modules/readings/index.js';
import { systemContext, type Db } from '../../src/platform/context/request-context.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import {
  insertMeter,
  insertMeteredAccount,
  insertRead,
  insertTariff,
  insertTariffVersion,
  installMeter,
  tieredTariffDefinition,
} from '../support/factories/metered-account.js';
import { describeEachDatabase } from '../support/test-database.js';

async function runCycle(db: Db, company: CompanyFixture, cutOffOn: string, chunkSize = 1_000) {
  const context = systemContext(company.companyId);
  const { billRun } = await startBillRun(db, context, { billCycleId: company.billCycleId, cutOffOn });
  return processBillRun(db, context, billRun.id, { issueDate: cutOffOn, chunkSize });
}

async function billLines(db: Db, accountId: string) {
  return sql<{
    component_kind: string;
    quantity: string;
    amount_minor: string;
    total_minor: string;
    is_estimated: boolean;
  }>`
    select l.component_kind, l.quantity, l.amount_minor, b.total_minor, b.is_estimated
    from billing.bill b join billing.bill_line l on l.company_id = b.company_id and l.bill_id = b.id
    where b.account_id = ${accountId} order by b.period_start, l.line_number
  `
    .execute(db)
    .then((result) => result.rows);
}

async function energyKwh(db: Db, accountId: string): Promise<number> {
  const lines = await billLines(db, accountId);
  return lines
    .filter((line) => line.component_kind === 'energy')
    .reduce((sum, line) => sum + Number(line.quantity), 0);
}

describeEachDatabase('bill run scenarios', (database) => {
  it('running a cycle again bills nobody twice', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const tariffId = await insertTariff(db, company.companyId);
    const metered = await insertMeteredAccount(db, company, tariffId);
    await insertRead(db, company.companyId, metered.registerId, '2026-02-01', '1300');

    const first = await runCycle(db, company, '2026-02-01');
    const again = await runCycle(db, company, '2026-02-01');

    expect(first.billsCreated).toBe(1);
    expect(again.id).toBe(first.id);
    expect(again.billsCreated).toBe(1);
    const bills = await db
      .selectFrom('billing.bill')
      .select('id')
      .where('account_id', '=', metered.accountId)
      .execute();
    expect(bills).toHaveLength(1);
  });

  it('a cut-off before the billed period bills nothing', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const tariffId = await insertTariff(db, company.companyId);
    const metered = await insertMeteredAccount(db, company, tariffId);
    await insertRead(db, company.companyId, metered.registerId, '2026-02-01', '1300');
    await runCycle(db, company, '2026-02-01');

    const earlier = await runCycle(db, company, '2026-01-15');

    expect(earlier.status).toBe('completed');
    expect(earlier.billsCreated).toBe(0);
    expect(earlier.exceptionsCount).toBe(0);
  });

  it('killed run resumes after its last chunk', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const tariffId = await insertTariff(db, company.companyId);
    const accounts = [];
    for (let index = 0; index < 5; index++) {
      const metered = await insertMeteredAccount(db, company, tariffId);
      await insertRead(db, company.companyId, metered.registerId, '2026-02-01', String(1100 + index * 100));
      accounts.push(metered);
    }
    const context = systemContext(company.companyId);
    const { billRun } = await startBillRun(db, context, {
      billCycleId: company.billCycleId,
      cutOffOn: '2026-02-01',
    });
    let chunks = 0;
    const crash = processBillRun(db, context, billRun.id, {
      issueDate: '2026-02-01',
      chunkSize: 2,
      onProgress: () => {
        chunks += 1;
        if (chunks === 2) throw new Error('worker killed');
      },
    });
    await expect(crash).rejects.toThrow('worker killed');

    const resumed = await processBillRun(db, context, billRun.id, { issueDate: '2026-02-01', chunkSize: 2 });

    expect(resumed.status).toBe('completed');
    expect(resumed.billsCreated).toBe(5);
    expect(resumed.accountsProcessed).toBe(5);
    const counts = await sql<{ account_id: string; bills: string }>`
      select account_id, count(*) as bills from billing.bill where company_id = ${company.companyId} group by account_id
    `.execute(db);
    expect(counts.rows).toHaveLength(5);
    expect(counts.rows.every((row) => row.bills === '1')).toBe(true);
    const numbers = await db
      .selectFrom('billing.bill')
      .select('invoice_number')
      .where('company_id', '=', company.companyId)
      .orderBy('invoice_number')
      .execute();
    expect(numbers.map((row) => row.invoice_number)).toEqual([
      'INV-00000001',
      'INV-00000002',
      'INV-00000003',
      'INV-00000004',
      'INV-00000005',
    ]);
  });

  it('unbillable accounts become exceptions without stopping the run', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const tariffId = await insertTariff(db, company.companyId);
    const good = await insertMeteredAccount(db, company, tariffId);
    await insertRead(db, company.companyId, good.registerId, '2026-02-01', '1200');
    const backwards = await insertMeteredAccount(db, company, tariffId, { installRead: '5000' });
    await insertRead(db, company.companyId, backwards.registerId, '2026-02-01', '4000');
    const noMeter = await insertMeteredAccount(db, company, tariffId);
    await db.deleteFrom('readings.register_read').where('register_id', '=', noMeter.registerId).execute();
    await db.deleteFrom('devices.meter_installation').where('meter_id', '=', noMeter.meterId).execute();

    const run = await runCycle(db, company, '2026-02-01');

    expect(run.billsCreated).toBe(1);
    expect(run.exceptionsCount).toBe(2);
    const exceptions = await db
      .selectFrom('billing.bill_run_exception')
      .select(['account_id', 'reason_code', 'detail'])
      .where('bill_run_id', '=', run.id)
      .execute();
    const reasons = Object.fromEntries(exceptions.map((row) => [row.account_id, row.reason_code]));
    expect(reasons[backwards.accountId]).toBe('BACKWARDS_READ');
    expect(reasons[noMeter.accountId]).toBe('NO_METER');
    expect(exceptions.find((row) => row.reason_code === 'BACKWARDS_READ')?.detail).toMatch(/5000 to 4000/);
  });

  it('estimates a missing read and trues it up next cycle', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const tariffId = await insertTariff(db, company.companyId);
    const metered = await insertMeteredAccount(db, company, tariffId, {
      startOn: '2025-11-01',
      installRead: '1000',
    });
    await insertRead(db, company.companyId, metered.registerId, '2025-12-01', '1300');
    await insertRead(db, company.companyId, metered.registerId, '2026-01-01', '1610');
    await runCycle(db, company, '2026-01-01');

    const estimatedRun = await runCycle(db, company, '2026-02-01');
    const estimate = await db
      .selectFrom('readings.register_read')
      .selectAll()
      .where('register_id', '=', metered.registerId)
      .where('kind', '=', 'estimated')
      .executeTakeFirstOrThrow();
    await insertRead(db, company.companyId, metered.registerId, '2026-03-01', '2200');
    await runCycle(db, company, '2026-03-01');

    expect(estimatedRun.billsCreated).toBe(1);
    // History: 610 kWh over 61 days = 10 kWh a day, so 31 days estimate 310 kWh.
    expect(estimate.read_on).toBe('2026-02-01');
    expect(estimate.value).toBe('1920.000000');
    expect(estimate.estimation).toMatchObject({ method: 'history', periods: 2, historyDays: 61 });
    const bills = await db
      .selectFrom('billing.bill')
      .select(['period_start', 'is_estimated'])
      .where('account_id', '=', metered.accountId)
      .orderBy('period_start')
      .execute();
    expect(bills.map((bill) => bill.is_estimated)).toEqual([false, true, false]);
    // 300 + 310 + 310 (estimated) + 280 (true-up from the estimate to 2200) = 1200 kWh in all.
    expect(await energyKwh(db, metered.accountId)).toBe(1200);
  });

  it('bills dial rollover and a meter exchange', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const tariffId = await insertTariff(db, company.companyId);
    const rolled = await insertMeteredAccount(db, company, tariffId, { installRead: '99990' });
    await insertRead(db, company.companyId, rolled.registerId, '2026-02-01', '00020');
    const exchanged = await insertMeteredAccount(db, company, tariffId, { installRead: '500' });
    await insertRead(db, company.companyId, exchanged.registerId, '2026-01-15', '640', 'removal');
    await db
      .updateTable('devices.meter_installation')
      .set({ removed_on: '2026-01-15' })
      .where('meter_id', '=', exchanged.meterId)
      .execute();
    const replacement = await insertMeter(db, company.companyId);
    await installMeter(db, company.companyId, replacement, exchanged.servicePointId, '2026-01-15', '0');
    await insertRead(db, company.companyId, replacement.registerId, '2026-02-01', '160');

    const run = await runCycle(db, company, '2026-02-01');

    expect(run.exceptionsCount).toBe(0);
    expect(await energyKwh(db, rolled.accountId)).toBe(30);
    expect(await energyKwh(db, exchanged.accountId)).toBe(300);
  });

  it('prorates a first bill and splits a tariff version change', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const tariffId = await insertTariff(db, company.companyId, tieredTariffDefinition('2020-01-01'), {
      from: '2020-01-01',
      to: '2026-02-16',
    });
    const raised = tieredTariffDefinition('2026-02-16');
    raised.versions[0]!.components[0] = {
      kind: 'fixed',
      id: 'service',
      name: 'Service charge',
      amount: '12.00',
      per: 'month',
    };
    await insertTariffVersion(db, company.companyId, tariffId, raised, { from: '2026-02-16', to: null });
    const movedIn = await insertMeteredAccount(db, company, tariffId, {
      startOn: '2026-01-16',
      installRead: '0',
    });
    await insertRead(db, company.companyId, movedIn.registerId, '2026-02-01', '160');
    const steady = await insertMeteredAccount(db, company, tariffId, {
      startOn: '2026-02-01',
      installRead: '0',
    });
    await insertRead(db, company.companyId, steady.registerId, '2026-03-01', '280');

    await runCycle(db, company, '2026-02-01');
    await runCycle(db, company, '2026-03-01');

    const movedInLines = await billLines(db, movedIn.accountId);
    // 16 of January's 31 days: 9.00 × 16/31 = 4.645… → 4.65.
    expect(movedInLines.find((line) => line.component_kind === 'fixed')?.amount_minor).toBe('465');
    const steadyFixed = (await billLines(db, steady.accountId)).filter(
      (line) => line.component_kind === 'fixed',
    );
    // February has 28 days: 15 at 9.00 and 13 at 12.00 → 4.82 + 5.57.
    expect(steadyFixed.map((line) => line.amount_minor)).toEqual(['482', '557']);
  });

  it('rounds to 0- and 3-decimal currencies with totals equal to the lines', async () => {
    const { db } = database();
    for (const [currency, minorUnit, expectedTotal] of [
      ['JPY', 0, '78'],
      ['KWD', 3, '77700'],
    ] as const) {
      const company = await insertCompany(db, { currency, minorUnit });
      const tariffId = await insertTariff(db, company.companyId);
      const metered = await insertMeteredAccount(db, company, tariffId);
      await insertRead(db, company.companyId, metered.registerId, '2026-02-01', '1600');

      await runCycle(db, company, '2026-02-01');

      const lines = await billLines(db, metered.accountId);
      const sum = lines.reduce((total, line) => total + BigInt(line.amount_minor), 0n);
      expect(lines[0]?.total_minor).toBe(expectedTotal);
      expect(String(sum)).toBe(expectedTotal);
    }
  });
});

describeEachDatabase('bill run cut-off', (database) => {
  it('rejects a cut-off after today', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const context = systemContext(company.companyId);

    const start = startBillRun(db, context, {
      billCycleId: company.billCycleId,
      cutOffOn: '2026-03-02',
      today: '2026-03-01',
    });

    await expect(start).rejects.toMatchObject({
      code: 'BILLING.CUT_OFF_IN_FUTURE',
      fields: [{ path: 'cutOffOn' }],
    });
    await expect(start).rejects.toThrow(/2026-03-02 is after today \(2026-03-01/);
    const runs = await db
      .selectFrom('billing.bill_run')
      .select('id')
      .where('company_id', '=', company.companyId)
      .execute();
    expect(runs).toEqual([]);
  });
});

describeEachDatabase('bill run estimation profile', (database) => {
  it('estimates a new connection from the company profile', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const context = systemContext(company.companyId);
    const tariffId = await insertTariff(db, company.companyId);
    const profile = ['20', '18', '15', '12', '10', '11', '14', '14', '11', '10', '14', '19'];
    await setEstimationProfile(db, context, {
      unit: 'kWh',
      name: 'Residential',
      dailyQuantityByMonth: profile,
    });
    const profiles = await listEstimationProfiles(db, company.companyId);
    const newConnection = await insertMeteredAccount(db, company, tariffId, {
      startOn: '2026-01-20',
      installRead: '0',
    });

    await runCycle(db, company, '2026-02-01');

    expect(profiles).toEqual([{ unit: 'kWh', name: 'Residential', dailyQuantityByMonth: profile }]);
    const estimate = await db
      .selectFrom('readings.register_read')
      .select(['value', 'estimation'])
      .where('register_id', '=', newConnection.registerId)
      .where('kind', '=', 'estimated')
      .executeTakeFirstOrThrow();
    // 12 January days at 20 kWh a day from the profile.
    expect(Number(estimate.value)).toBe(240);
    expect(estimate.estimation).toMatchObject({ method: 'profile', profileName: 'Residential' });
  });

  it('rejects a profile without twelve months', async () => {
    const { db } = database();
    const company = await insertCompany(db);

    const set = setEstimationProfile(db, systemContext(company.companyId), {
      unit: 'kWh',
      name: 'Short',
      dailyQuantityByMonth: ['1', '2'],
    });

    await expect(set).rejects.toMatchObject({
      code: 'READINGS.INVALID_ESTIMATION_PROFILE',
      fields: [{ path: 'dailyQuantityByMonth' }],
    });
  });
});

describeEachDatabase('bill run due dates and holes', (database) => {
  it('bills nobody again a day later', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const tariffId = await insertTariff(db, company.companyId);
    const metered = await insertMeteredAccount(db, company, tariffId, { startOn: '2026-01-01' });
    await insertRead(db, company.companyId, metered.registerId, '2026-02-01', '1300');
    await runCycle(db, company, '2026-02-01');

    const nextDay = await runCycle(db, company, '2026-02-02');

    expect(nextDay.billsCreated).toBe(0);
    expect(nextDay.exceptionsCount).toBe(0);
    const reads = await db
      .selectFrom('readings.register_read')
      .select('kind')
      .where('register_id', '=', metered.registerId)
      .execute();
    expect(reads.map((read) => read.kind).sort()).toEqual(['actual', 'install']);
  });

  it('rebills a cancelled period between billed ones', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const context = systemContext(company.companyId);
    const tariffId = await insertTariff(db, company.companyId);
    const metered = await insertMeteredAccount(db, company, tariffId, {
      startOn: '2026-01-01',
      installRead: '0',
    });
    for (const [date, value] of [
      ['2026-02-01', '100'],
      ['2026-03-01', '250'],
      ['2026-04-01', '450'],
    ] as const) {
      await insertRead(db, company.companyId, metered.registerId, date, value);
      await runCycle(db, company, date);
    }
    const february = await db
      .selectFrom('billing.bill')
      .select('id')
      .where('account_id', '=', metered.accountId)
      .where('period_start', '=', '2026-02-01')
      .executeTakeFirstOrThrow();
    await cancelBill(db, context, { billId: february.id, issueDate: '2026-04-02', reason: 'Wrong read' });

    const rebill = await runCycle(db, company, '2026-04-02');

    expect(rebill.billsCreated).toBe(1);
    const active = await db
      .selectFrom('billing.bill_segment')
      .select(['period_start', 'period_end'])
      .where('agreement_id', '=', metered.agreementId)
      .where('status', '=', 'active')
      .orderBy('period_start')
      .execute();
    expect(active).toEqual([
      { period_start: '2026-01-01', period_end: '2026-02-01' },
      { period_start: '2026-02-01', period_end: '2026-03-01' },
      { period_start: '2026-03-01', period_end: '2026-04-01' },
    ]);
    const billed = await sql<{ kwh: string }>`
      select sum(l.quantity)::text as kwh from billing.bill b
      join billing.bill_line l on l.company_id = b.company_id and l.bill_id = b.id
      where b.account_id = ${metered.accountId} and b.status = 'issued' and b.kind = 'invoice' and l.component_kind = 'energy'
    `.execute(db);
    expect(Number(billed.rows[0]?.kwh)).toBe(450);
  });

  it('stops at a suspect read', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const tariffId = await insertTariff(db, company.companyId);
    const metered = await insertMeteredAccount(db, company, tariffId, {
      startOn: '2026-01-01',
      installRead: '800',
    });
    await db
      .insertInto('readings.register_read')
      .values({
        company_id: company.companyId,
        register_id: metered.registerId,
        read_on: '2026-02-01',
        value: '700',
        kind: 'actual',
        source: 'manual',
        status: 'suspect',
        status_reason: 'lower than the read of 2026-01-01',
      })
      .execute();

    const run = await runCycle(db, company, '2026-02-01');

    expect(run.billsCreated).toBe(0);
    const exception = await db
      .selectFrom('billing.bill_run_exception')
      .select(['reason_code', 'detail'])
      .where('bill_run_id', '=', run.id)
      .executeTakeFirstOrThrow();
    expect(exception.reason_code).toBe('SUSPECT_READ');
    expect(exception.detail).toContain('700');
  });
});
