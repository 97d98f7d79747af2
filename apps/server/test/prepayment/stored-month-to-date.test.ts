import { Temporal } from 'temporal-polyfill';
import { beforeAll, expect, it } from 'vitest';
import {
  grantFreeBasicAllowance,
  reverseVend,
  setDeductionRules,
} from '../../src/modules/prepayment/index.js';
import { sellVends, type VendOutcome } from '../../src/modules/prepayment/app/sell-vends.js';
import {
  readStoredMonthToDate,
  selectMonthToDates,
} from '../../src/modules/prepayment/db/month-to-date-queries.js';
import type { MonthToDate } from '../../src/modules/prepayment/domain/month-to-date.js';
import { systemContext, type Db, type RequestContext } from '../../src/platform/context/request-context.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { insertTariff } from '../support/factories/metered-account.js';
import {
  incliningBlockTariff,
  insertPrepaidMeter,
  testTokenIssuer,
  typicalDeductionRules,
  type PrepaidFixture,
} from '../support/factories/prepaid.js';
import { describeEachDatabase } from '../support/test-database.js';

const march = Temporal.Instant.from('2026-03-10T08:00:00Z');
const april = Temporal.Instant.from('2026-04-02T08:00:00Z');

describeEachDatabase('stored month-to-date figures', (database) => {
  let company: CompanyFixture;
  let db: Db;
  let context: RequestContext;
  let tariffId: string;
  let reference = 0;

  beforeAll(async () => {
    company = await insertCompany(database().db, { currency: 'ZAR', timeZone: 'Africa/Johannesburg' });
    db = database().forCompany(company.companyId);
    context = { ...systemContext(company.companyId, 'test'), permissions: ['vending:write'] };
    tariffId = await insertTariff(database().db, company.companyId, incliningBlockTariff());
    await setDeductionRules(db, systemContext(company.companyId, 'test'), [
      ...typicalDeductionRules,
      {
        code: 'service',
        name: 'Monthly service charge',
        kind: 'fixed-charge',
        method: 'monthly',
        amountMinor: '1500',
      },
    ]);
  });

  async function sell(fixture: PrepaidFixture, amountMinor: bigint, at: Temporal.Instant) {
    reference += 1;
    const [outcome] = await sellVends(
      db,
      testTokenIssuer(),
      [
        {
          context: { ...context, requestId: `request-${reference}` },
          request: {
            meter: { pan: fixture.pan },
            amountMinor,
            currency: 'ZAR',
            idempotencyKey: `stored-${reference}`,
          },
        },
      ],
      at,
    );
    return soldVendId(outcome);
  }

  function soldVendId(outcome: VendOutcome | undefined): string {
    if (outcome?.kind !== 'sold') throw new Error(`Expected a sold vend, got ${JSON.stringify(outcome)}.`);
    return outcome.result.vend.id;
  }

  async function stored(fixture: PrepaidFixture): Promise<MonthToDate | null> {
    const row = await database()
      .db.selectFrom('prepayment.prepaid_meter')
      .select('month_to_date')
      .where('company_id', '=', company.companyId)
      .where('meter_id', '=', fixture.meterId)
      .executeTakeFirstOrThrow();
    return readStoredMonthToDate(row.month_to_date);
  }

  async function summed(fixture: PrepaidFixture, vendMonth: string): Promise<MonthToDate> {
    const figures = await selectMonthToDates(db, company.companyId, [fixture.meterId], vendMonth);
    return figures.get(fixture.meterId)!;
  }

  it('stores month sums on the meter', async () => {
    const fixture = await insertPrepaidMeter(database().db, company, { tariffId });
    await grantFreeBasicAllowance(db, systemContext(company.companyId, 'test'), {
      accountId: fixture.accountId,
      unitsPerMonth: '50',
      startOn: '2026-01-01',
    });
    expect(await stored(fixture)).toBeNull();

    for (const amount of [3000n, 1000n, 4000n]) {
      await sell(fixture, amount, march);
      expect(await stored(fixture)).toEqual(await summed(fixture, '2026-03-01'));
    }
    const figures = await stored(fixture);
    expect(figures?.collectedByRule.get('service')).toBe(1500n);
    expect(figures?.freeUnitsIssued).toBe(true);
  });

  it('resets at a new month', async () => {
    const fixture = await insertPrepaidMeter(database().db, company, { tariffId });
    await sell(fixture, 3000n, march);
    await sell(fixture, 2000n, april);

    const figures = await stored(fixture);
    expect(figures?.vendMonth).toBe('2026-04-01');
    expect(figures).toEqual(await summed(fixture, '2026-04-01'));
    expect(figures?.collectedByRule.get('service')).toBe(1500n);
  });

  it('sums again after a reversal', async () => {
    const fixture = await insertPrepaidMeter(database().db, company, { tariffId });
    await sell(fixture, 3000n, march);
    const reversed = await sell(fixture, 3000n, march);
    await reverseVend(db, context, { vendId: reversed, reason: 'paid twice' }, { now: () => march });
    expect(await stored(fixture)).toBeNull();

    await sell(fixture, 2000n, march);
    expect(await stored(fixture)).toEqual(await summed(fixture, '2026-03-01'));
  });

  it('sums vends from before the column', async () => {
    const fixture = await insertPrepaidMeter(database().db, company, { tariffId });
    await sell(fixture, 3000n, march);
    await sell(fixture, 1000n, march);
    // As a meter with vends from before migration 0077 has it.
    await database()
      .db.updateTable('prepayment.prepaid_meter')
      .set({ month_to_date: null })
      .where('company_id', '=', company.companyId)
      .where('meter_id', '=', fixture.meterId)
      .execute();

    await sell(fixture, 1000n, march);
    const figures = await stored(fixture);
    expect(figures).toEqual(await summed(fixture, '2026-03-01'));
    expect(figures?.collectedByRule.get('service')).toBe(1500n);
  });

  it('keeps figures of a later month', async () => {
    const fixture = await insertPrepaidMeter(database().db, company, { tariffId });
    await sell(fixture, 3000n, april);
    const before = await stored(fixture);
    // A server whose clock is behind another's sells in March after April's first vend.
    await sell(fixture, 3000n, march);

    expect(await stored(fixture)).toEqual(before);
    expect((await summed(fixture, '2026-03-01')).collectedByRule.get('service')).toBe(1500n);
  });
});
