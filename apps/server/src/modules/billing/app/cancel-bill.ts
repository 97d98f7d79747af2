import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { newId } from '../../../platform/ids/new-id.js';
import { z } from 'zod';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { conflict, notFound } from '../../../platform/errors/app-error.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { writePostings } from '../../ledger/index.js';
import { allocateCreditForAccounts } from '../../payments/index.js';
import { takeInvoiceNumbers } from './take-invoice-numbers.js';
import { findBillWithDetails } from '../db/bill-rows.js';
import { insertBills } from '../db/insert-bills.js';
import type { BillDraft } from '../domain/bill-draft.js';
import type { BillWithDetails } from '../domain/bill.js';
import { computeBillPosting } from '../domain/compute-bill-posting.js';
import { plainDateSchema } from '../../../platform/validation/plain-date-schema.js';

export const cancelBillInput = z.object({
  billId: z.uuid(),
  issueDate: plainDateSchema,
  reason: z.string().trim().min(3).max(500),
});

/**
 * Cancels an issued invoice with a credit note: a new document in the credit note series whose lines
 * negate the invoice's, so its posting reverses the invoice's. Only the invoice's status changes. Its bill
 * segments are released so the period can be billed again, and payments allocated to it become credit
 * for the account's other open items.
 */
export async function cancelBill(
  db: Db,
  context: RequestContext,
  input: z.input<typeof cancelBillInput>,
): Promise<{ cancelled: BillWithDetails; creditNoteId: string; creditNoteNumber: string }> {
  assertPermission(context, 'billing:write');
  const { billId, issueDate, reason } = parseInput(cancelBillInput, input, 'BILLING.INVALID_CANCELLATION');
  return db.transaction().execute(async (trx) => {
    const bill = await findBillWithDetails(trx, context.companyId, billId, true);
    if (!bill) throw notFound('BILLING.BILL_NOT_FOUND', `Bill ${billId} was not found.`);
    if (bill.kind !== 'invoice' || bill.status !== 'issued') {
      throw conflict(
        'BILLING.BILL_NOT_CANCELLABLE',
        `Bill ${billId} is a ${bill.status} ${bill.kind}; only an issued invoice can be cancelled by a credit note.`,
      );
    }
    const [creditNoteNumber = ''] = await takeInvoiceNumbers(trx, context.companyId, 'credit-note', 1);
    const creditNote: BillDraft = {
      id: newId(),
      accountId: bill.accountId,
      billRunId: null,
      cancelsBillId: bill.id,
      periodStart: bill.periodStart,
      periodEnd: bill.periodEnd,
      currency: bill.currency,
      totalMinor: -bill.totalMinor,
      isEstimated: bill.isEstimated,
      segments: [],
      lines: bill.lines.map((line) => ({
        ...line,
        segmentId: null,
        amountMinor: -line.amountMinor,
        trace: {
          reverses: { billId: bill.id, invoiceNumber: bill.invoiceNumber, lineNumber: line.lineNumber },
          reason,
          original: line.trace,
        },
      })),
    };
    await insertBills(
      trx,
      context.companyId,
      [creditNote],
      new Map([
        [
          creditNote.id,
          { series: 'credit-note', invoiceNumber: creditNoteNumber, issueDate, dueDate: issueDate },
        ],
      ]),
    );
    await trx
      .updateTable('billing.bill')
      .set({ status: 'cancelled' })
      .where('company_id', '=', context.companyId)
      .where('id', '=', billId)
      .where('status', '=', 'issued')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('billing.bill_segment')
      .set({ status: 'cancelled' })
      .where('company_id', '=', context.companyId)
      .where('bill_id', '=', billId)
      .execute();
    await writePostings(trx, context, [
      computeBillPosting(
        { ...creditNote, kind: 'credit-note', invoiceNumber: creditNoteNumber, issueDate },
        newId(),
      ),
    ]);
    await allocateCreditForAccounts(trx, context, [bill.accountId]);
    await recordAudit(trx, context, [
      {
        entityType: 'bill',
        entityId: billId,
        action: 'update',
        changes: { status: ['issued', 'cancelled'], reason: [null, reason] },
      },
      {
        entityType: 'bill',
        entityId: creditNote.id,
        action: 'create',
        changes: {
          kind: [null, 'credit-note'],
          invoiceNumber: [null, creditNoteNumber],
          cancelsBillId: [null, billId],
          totalMinor: [null, creditNote.totalMinor.toString()],
        },
      },
    ]);
    await enqueueEvents(trx, context, [
      {
        aggregateType: 'bill',
        aggregateId: billId,
        eventType: 'bill.cancelled',
        payload: { billId, accountId: bill.accountId, creditNoteId: creditNote.id, creditNoteNumber, reason },
      },
    ]);
    return { cancelled: { ...bill, status: 'cancelled' }, creditNoteId: creditNote.id, creditNoteNumber };
  });
}
