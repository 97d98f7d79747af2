import { expect, it } from 'vitest';
import { processBillRun, startBillRun } from '../../src/modules/billing/index.js';
import { deferBillReferences, insertBillDetails } from '../../src/modules/billing/db/insert-bills.js';
import type { BillDraft } from '../../src/modules/billing/domain/bill-draft.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import { newId } from '../../src/platform/ids/new-id.js';
import { insertCompany } from '../support/factories/company.js';
import { insertMeteredAccount, insertRead, insertTariff } from '../support/factories/metered-account.js';
import { describeEachDatabase } from '../support/test-database.js';

describeEachDatabase('bill run', (database) => {
  it('bills a month of register reads with trace and posting', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const tariffId = await insertTariff(db, company.companyId);
    const metered = await insertMeteredAccount(db, company, tariffId, {
      startOn: '2026-01-01',
      installRead: '1000',
    });
    await insertRead(db, company.companyId, metered.registerId, '2026-02-01', '1600');
    const context = systemContext(company.companyId);

    const { billRun } = await startBillRun(db, context, {
      billCycleId: company.billCycleId,
      cutOffOn: '2026-02-01',
    });
    const finished = await processBillRun(db, context, billRun.id, { issueDate: '2026-02-02' });

    expect(finished.status).toBe('completed');
    expect(finished.billsCreated).toBe(1);
    expect(finished.exceptionsCount).toBe(0);
    const bill = await db
      .selectFrom('billing.bill')
      .selectAll()
      .where('account_id', '=', metered.accountId)
      .executeTakeFirstOrThrow();
    const lines = await db
      .selectFrom('billing.bill_line')
      .selectAll()
      .where('bill_id', '=', bill.id)
      .orderBy('line_number')
      .execute();
    // 9.00 service + 500 × 0.10 + 100 × 0.15 = 74.00, plus 5 % VAT 3.70.
    expect(lines.map((line) => [line.component_kind, line.amount_minor])).toEqual([
      ['fixed', '900'],
      ['energy', '5000'],
      ['energy', '1500'],
      ['tax', '370'],
    ]);
    expect(bill.total_minor).toBe('7770');
    expect(bill.status).toBe('issued');
    expect(bill.invoice_number).toBe('INV-00000001');
    expect(bill.due_date).toBe('2026-02-22');
    expect(bill.period_start).toBe('2026-01-01');
    expect(bill.period_end).toBe('2026-02-01');
    const trace = lines[1]?.trace as Record<string, unknown>;
    expect(trace.readingIds).toHaveLength(2);
    expect(trace.formula).toEqual(expect.any(String));

    const receivable = await db
      .selectFrom('ledger.posting_line')
      .select((eb) => eb.fn.sum<string>('amount_minor').as('total'))
      .where('account_id', '=', metered.accountId)
      .executeTakeFirstOrThrow();
    expect(receivable.total).toBe('7770');
  });
});

describeEachDatabase('deferred bill references', (database) => {
  it('rejects lines of a missing bill at commit', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const tariffId = await insertTariff(db, company.companyId);
    const metered = await insertMeteredAccount(db, company, tariffId, {
      startOn: '2026-01-01',
      installRead: '1000',
    });
    const segmentId = newId();
    const orphan: BillDraft = {
      id: newId(),
      accountId: metered.accountId,
      billRunId: null,
      periodStart: '2026-01-01',
      periodEnd: '2026-02-01',
      currency: 'USD',
      totalMinor: 100n,
      isEstimated: false,
      segments: [
        {
          id: segmentId,
          agreementId: metered.agreementId,
          servicePointId: metered.servicePointId,
          periodStart: '2026-01-01',
          periodEnd: '2026-02-01',
          isEstimated: false,
          consumption: {},
          totalMinor: 100n,
        },
      ],
      lines: [
        {
          lineNumber: 1,
          segmentId,
          componentKind: 'fixed',
          description: 'Service',
          quantity: null,
          unit: null,
          unitPrice: null,
          amountMinor: 100n,
          ledgerAccount: 'revenue:fixed',
          trace: {},
        },
      ],
    };

    const written = db.transaction().execute(async (trx) => {
      await deferBillReferences(trx);
      await insertBillDetails(trx, company.companyId, [orphan]);
    });

    await expect(written).rejects.toThrow(/foreign key/);
    const segments = await db
      .selectFrom('billing.bill_segment')
      .select('id')
      .where('id', '=', segmentId)
      .execute();
    expect(segments).toEqual([]);
  });
});
