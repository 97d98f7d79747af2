import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { newId } from '../../../platform/ids/new-id.js';
import { Temporal } from 'temporal-polyfill';
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
import type { Bill } from '../domain/bill.js';
import { computeBillPosting } from '../domain/compute-bill-posting.js';
import { plainDateSchema } from '../../../platform/validation/plain-date-schema.js';

export const issueBillInput = z.object({ billId: z.uuid(), issueDate: plainDateSchema });

/**
 * Issues a draft bill: takes the next gapless invoice number, sets the issue date and the due date from the
 * account's payment terms, posts it to the ledger and applies any credit the account holds. Only a draft
 * can be issued; the status is re-checked under the row lock.
 */
export async function issueBill(
  db: Db,
  context: RequestContext,
  input: z.input<typeof issueBillInput>,
): Promise<Bill> {
  assertPermission(context, 'billing:write');
  const { billId, issueDate } = parseInput(issueBillInput, input, 'BILLING.INVALID_ISSUE');
  return db.transaction().execute(async (trx) => {
    const bill = await findBillWithDetails(trx, context.companyId, billId, true);
    if (!bill) throw notFound('BILLING.BILL_NOT_FOUND', `Bill ${billId} was not found.`);
    if (bill.status !== 'draft') {
      throw conflict(
        'BILLING.BILL_NOT_DRAFT',
        `Bill ${billId} is ${bill.status}; only a draft bill can be issued.`,
      );
    }
    const account = await trx
      .selectFrom('customers.account')
      .select('payment_terms_days')
      .where('company_id', '=', context.companyId)
      .where('id', '=', bill.accountId)
      .executeTakeFirstOrThrow();
    const [invoiceNumber = ''] = await takeInvoiceNumbers(trx, context.companyId, 'invoice', 1);
    const dueDate = Temporal.PlainDate.from(issueDate).add({ days: account.payment_terms_days }).toString();

    const updated = await trx
      .updateTable('billing.bill')
      .set({
        status: 'issued',
        series: 'invoice',
        invoice_number: invoiceNumber,
        issue_date: issueDate,
        due_date: dueDate,
        issued_at: new Date(),
      })
      .where('company_id', '=', context.companyId)
      .where('id', '=', billId)
      .where('status', '=', 'draft')
      .returningAll()
      .executeTakeFirstOrThrow();
    await writePostings(trx, context, [
      computeBillPosting({ ...bill, kind: 'invoice', invoiceNumber, issueDate }, newId()),
    ]);
    await allocateCreditForAccounts(trx, context, [bill.accountId]);
    await recordAudit(trx, context, [
      {
        entityType: 'bill',
        entityId: billId,
        action: 'update',
        changes: {
          status: ['draft', 'issued'],
          invoiceNumber: [null, invoiceNumber],
          issueDate: [null, issueDate],
          dueDate: [null, dueDate],
        },
      },
    ]);
    await enqueueEvents(trx, context, [
      {
        aggregateType: 'bill',
        aggregateId: billId,
        eventType: 'bill.issued',
        payload: {
          billId,
          accountId: bill.accountId,
          invoiceNumber,
          dueDate,
          totalMinor: bill.totalMinor.toString(),
          currency: bill.currency,
        },
      },
    ]);
    return { ...bill, status: updated.status, series: 'invoice', invoiceNumber, issueDate, dueDate };
  });
}
