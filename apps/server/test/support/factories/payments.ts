import { randomUUID } from 'node:crypto';
import { writePostings } from '../../../src/modules/ledger/index.js';
import { systemContext, type Db } from '../../../src/platform/context/request-context.js';
import type { CompanyFixture } from './company.js';

export type IssuedBillFixture = { billId: string; invoiceNumber: string; totalMinor: bigint };

/**
 * Inserts an issued invoice and its 'bill' posting (debit receivable, credit revenue) directly, the way
 * billing's issue step writes them, for tests of payments and the ledger read side.
 */
export async function insertIssuedBill(
  db: Db,
  company: CompanyFixture,
  accountId: string,
  bill: { totalMinor: bigint; issueDate: string; dueDate: string; invoiceNumber?: string; currency?: string },
): Promise<IssuedBillFixture> {
  const billId = randomUUID();
  const invoiceNumber = bill.invoiceNumber ?? `INV-${randomUUID().slice(0, 8)}`;
  const currency = bill.currency ?? 'EUR';
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('billing.bill')
      .values({
        company_id: company.companyId,
        id: billId,
        account_id: accountId,
        kind: 'invoice',
        status: 'issued',
        series: 'INV',
        invoice_number: invoiceNumber,
        issue_date: bill.issueDate,
        due_date: bill.dueDate,
        period_start: '2026-01-01',
        period_end: '2026-02-01',
        currency,
        total_minor: bill.totalMinor.toString(),
        issued_at: new Date(),
      })
      .execute();
    await writePostings(trx, systemContext(company.companyId, 'test'), [
      {
        id: randomUUID(),
        accountId,
        kind: 'bill',
        sourceId: billId,
        accountingDate: bill.issueDate,
        description: `Invoice ${invoiceNumber}`,
        currency,
        lines: [
          { ledgerAccount: 'receivable', accountId, amountMinor: bill.totalMinor },
          { ledgerAccount: 'revenue:energy', accountId: null, amountMinor: -bill.totalMinor },
        ],
      },
    ]);
  });
  return { billId, invoiceNumber, totalMinor: bill.totalMinor };
}

/**
 * Cancels an issued invoice with a credit note for its whole total: the invoice becomes cancelled and a
 * 'credit-note' posting reverses its 'bill' posting. Allocations on the invoice are left as they are.
 */
export async function insertCreditNote(
  db: Db,
  company: CompanyFixture,
  accountId: string,
  invoice: IssuedBillFixture,
  issueDate: string,
): Promise<{ creditNoteId: string }> {
  const creditNoteId = randomUUID();
  const number = `CN-${randomUUID().slice(0, 8)}`;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('billing.bill')
      .set({ status: 'cancelled' })
      .where('company_id', '=', company.companyId)
      .where('id', '=', invoice.billId)
      .where('status', '=', 'issued')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('billing.bill')
      .values({
        company_id: company.companyId,
        id: creditNoteId,
        account_id: accountId,
        kind: 'credit-note',
        status: 'issued',
        series: 'CN',
        invoice_number: number,
        issue_date: issueDate,
        due_date: issueDate,
        period_start: '2026-01-01',
        period_end: '2026-02-01',
        currency: 'EUR',
        total_minor: (-invoice.totalMinor).toString(),
        cancels_bill_id: invoice.billId,
        issued_at: new Date(),
      })
      .execute();
    await writePostings(trx, systemContext(company.companyId, 'test'), [
      {
        id: randomUUID(),
        accountId,
        kind: 'credit-note',
        sourceId: creditNoteId,
        accountingDate: issueDate,
        description: `Credit note ${number}`,
        currency: 'EUR',
        lines: [
          { ledgerAccount: 'receivable', accountId, amountMinor: -invoice.totalMinor },
          { ledgerAccount: 'revenue:energy', accountId: null, amountMinor: invoice.totalMinor },
        ],
      },
    ]);
  });
  return { creditNoteId };
}

/**
 * Posts a debt that no invoice carries to the account, as an opening balance taken over from another
 * system: an 'adjustment' posting that debits the receivable and credits other revenue on 2026-01-01.
 */
export async function insertOpeningDebt(
  db: Db,
  companyId: string,
  accountId: string,
  debt: { amountMinor: bigint; currency: string },
): Promise<void> {
  await db.transaction().execute((trx) =>
    writePostings(trx, systemContext(companyId, 'test'), [
      {
        id: randomUUID(),
        accountId,
        kind: 'adjustment',
        sourceId: randomUUID(),
        accountingDate: '2026-01-01',
        description: 'Opening debt',
        currency: debt.currency,
        lines: [
          { ledgerAccount: 'receivable', accountId, amountMinor: debt.amountMinor },
          { ledgerAccount: 'revenue:other', accountId: null, amountMinor: -debt.amountMinor },
        ],
      },
    ]),
  );
}
