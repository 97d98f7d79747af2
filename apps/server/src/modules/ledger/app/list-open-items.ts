import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { computeAgeing } from '../domain/ageing.js';
import { assertPlainDate } from '../domain/assert-plain-date.js';
import { compareOpenItems } from '../domain/compare-open-items.js';
import type { OpenItem } from '../domain/open-item.js';
import { selectOpenItemSettlements } from '../db/select-open-item-settlements.js';
import { selectOutstandingInvoices } from '../db/select-outstanding-invoices.js';
import { getAccountRef } from './get-account-ref.js';

/**
 * Lists the account's open items oldest first (the order payments settle them in), each with the days
 * it is overdue on `asOf` ('YYYY-MM-DD'), its ageing bucket and the payments and vends' recovered debt
 * that settled part of it. An account has few open items at a time, so the list is not paged.
 */
export async function listOpenItems(
  db: DbOrTrx,
  companyId: string,
  accountId: string,
  asOf: string,
): Promise<OpenItem[]> {
  assertPlainDate(asOf, 'asOf', 'LEDGER.INVALID_AS_OF_DATE');
  await getAccountRef(db, companyId, accountId);
  const invoices = await selectOutstandingInvoices(db, companyId, [accountId]);
  const settlements = await selectOpenItemSettlements(
    db,
    companyId,
    invoices.filter((invoice) => invoice.allocatedMinor > 0n).map((invoice) => invoice.billId),
  );
  return invoices.sort(compareOpenItems).map((invoice) => {
    const ageing = computeAgeing(invoice.dueDate, asOf);
    return {
      ...invoice,
      daysOverdue: ageing.daysOverdue,
      ageingBucket: ageing.bucket,
      settlements: settlements.get(invoice.billId) ?? [],
    };
  });
}
