import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { findBillAccountNumber, findBillWithDetails } from '../db/bill-rows.js';
import type { BillWithDetails } from '../domain/bill.js';

/** Gets a bill with its segments, every line's trace and the number of its account. */
export async function getBill(
  db: DbOrTrx,
  companyId: string,
  billId: string,
): Promise<BillWithDetails & { accountNumber: string }> {
  const bill = await findBillWithDetails(db, companyId, billId);
  if (!bill) throw notFound('BILLING.BILL_NOT_FOUND', `Bill ${billId} was not found.`);
  const accountNumber = await findBillAccountNumber(db, companyId, bill.accountId);
  return { ...bill, accountNumber };
}
