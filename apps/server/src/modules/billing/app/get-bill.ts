import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { findBillWithDetails } from '../db/bill-rows.js';
import type { BillWithDetails } from '../domain/bill.js';

/** Gets a bill with its segments and every line's trace. */
export async function getBill(db: DbOrTrx, companyId: string, billId: string): Promise<BillWithDetails> {
  const bill = await findBillWithDetails(db, companyId, billId);
  if (!bill) throw notFound('BILLING.BILL_NOT_FOUND', `Bill ${billId} was not found.`);
  return bill;
}
