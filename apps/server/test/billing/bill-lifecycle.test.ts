import { expect, it } from 'vitest';
import {
  cancelBill,
  getBill,
  issueBill,
  processBillRun,
  startBillRun,
} from '../../src/modules/billing/index.js';
import { postPayment } from '../../src/modules/payments/index.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import { AppError } from '../../src/platform/errors/app-error.js';
import { insertCompany } from '../support/factories/company.js';
import { insertMeteredAccount, insertRead, insertTariff } from '../support/factories/metered-account.js';
import { assertLedgerConsistent } from '../support/ledger-invariants.js';
import { describeEachDatabase } from '../support/test-database.js';

describeEachDatabase('bill lifecycle', (database) => {
  it('issues a draft, then a credit note reverses it', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const context = systemContext(company.companyId);
    const tariffId = await insertTariff(db, company.companyId);
    const metered = await insertMeteredAccount(db, company, tariffId);
    await insertRead(db, company.companyId, metered.registerId, '2026-02-01', '1600');
    const { billRun } = await startBillRun(db, context, {
      billCycleId: company.billCycleId,
      cutOffOn: '2026-02-01',
      issueBills: false,
    });
    await processBillRun(db, context, billRun.id);
    const draft = await db
      .selectFrom('billing.bill')
      .select(['id', 'status'])
      .where('account_id', '=', metered.accountId)
      .executeTakeFirstOrThrow();
    expect(draft.status).toBe('draft');
    expect((await assertLedgerConsistent(db, company.companyId, metered.accountId)).balanceMinor).toBe(0n);

    const issued = await issueBill(db, context, { billId: draft.id, issueDate: '2026-02-03' });
    await expect(issueBill(db, context, { billId: draft.id, issueDate: '2026-02-03' })).rejects.toMatchObject(
      {
        code: 'BILLING.BILL_NOT_DRAFT',
      },
    );
    await postPayment(db, context, {
      accountId: metered.accountId,
      amountMinor: 5000n,
      currency: 'EUR',
      receivedOn: '2026-02-10',
      method: 'transfer',
      idempotencyKey: 'pay-1',
    });
    const afterPayment = await assertLedgerConsistent(db, company.companyId, metered.accountId);
    const cancelled = await cancelBill(db, context, {
      billId: draft.id,
      issueDate: '2026-02-12',
      reason: 'Misread meter',
    });
    const creditNote = await getBill(db, company.companyId, cancelled.creditNoteId);
    const afterCancel = await assertLedgerConsistent(db, company.companyId, metered.accountId);

    expect(issued.invoiceNumber).toBe('INV-00000001');
    expect(issued.dueDate).toBe('2026-02-23');
    expect(afterPayment.balanceMinor).toBe(7770n - 5000n);
    expect(creditNote.kind).toBe('credit-note');
    expect(creditNote.invoiceNumber).toBe('CN-00000001');
    expect(creditNote.totalMinor).toBe(-7770n);
    expect(creditNote.lines.map((line) => line.amountMinor)).toEqual([-900n, -5000n, -1500n, -370n]);
    expect((await getBill(db, company.companyId, draft.id)).status).toBe('cancelled');
    // The payment is released from the cancelled invoice and stays with the customer as credit.
    expect(afterCancel.balanceMinor).toBe(-5000n);
    expect(afterCancel.creditMinor).toBe(5000n);
    await expect(
      cancelBill(db, context, { billId: draft.id, issueDate: '2026-02-12', reason: 'Again' }),
    ).rejects.toBeInstanceOf(AppError);
  });

  it('rebills a cancelled period and applies the credit', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const context = systemContext(company.companyId);
    const tariffId = await insertTariff(db, company.companyId);
    const metered = await insertMeteredAccount(db, company, tariffId);
    await insertRead(db, company.companyId, metered.registerId, '2026-02-01', '1600');
    const { billRun } = await startBillRun(db, context, {
      billCycleId: company.billCycleId,
      cutOffOn: '2026-02-01',
    });
    await processBillRun(db, context, billRun.id, { issueDate: '2026-02-01' });
    const first = await db
      .selectFrom('billing.bill')
      .select('id')
      .where('account_id', '=', metered.accountId)
      .executeTakeFirstOrThrow();
    await postPayment(db, context, {
      accountId: metered.accountId,
      amountMinor: 7770n,
      currency: 'EUR',
      receivedOn: '2026-02-05',
      method: 'card',
      idempotencyKey: 'pay-full',
    });
    await cancelBill(db, context, { billId: first.id, issueDate: '2026-02-06', reason: 'Wrong tariff' });
    await db
      .updateTable('readings.register_read')
      .set({ status: 'superseded' })
      .where('register_id', '=', metered.registerId)
      .where('read_on', '=', '2026-02-01')
      .execute();
    await insertRead(db, company.companyId, metered.registerId, '2026-02-01', '1500');

    const { billRun: rebill } = await startBillRun(db, context, {
      billCycleId: company.billCycleId,
      cutOffOn: '2026-02-02',
    });
    const run = await processBillRun(db, context, rebill.id, { issueDate: '2026-02-07' });

    expect(run.billsCreated).toBe(1);
    const ledger = await assertLedgerConsistent(db, company.companyId, metered.accountId);
    // 9.00 + 50.00 + 5 % VAT = 61.95 against 77.70 paid: 15.75 stays as credit.
    expect(ledger.balanceMinor).toBe(6195n - 7770n);
    expect(ledger.openItemsTotalMinor).toBe(0n);
  });
});
