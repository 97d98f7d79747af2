import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { findBillWithDetails } from '../db/bill-rows.js';
import type { BillWithDetails } from '../domain/bill.js';

/** Finds an issued bill or credit note by its number, such as `INV-00000042`. */
export async function findBillByNumber(
  db: DbOrTrx,
  companyId: string,
  invoiceNumber: string,
): Promise<BillWithDetails | undefined> {
  const row = await db
    .selectFrom('billing.bill')
    .select('id')
    .where('company_id', '=', companyId)
    .where('invoice_number', '=', invoiceNumber)
    .executeTakeFirst();
  return row ? findBillWithDetails(db, companyId, row.id) : undefined;
}
