import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { Page } from '../../../platform/validation/page.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { listAccountBillRows } from '../db/account-bill-queries.js';
import type { Bill } from '../domain/bill.js';
import { listAccountBillsQuerySchema, type ListAccountBillsQuery } from '../domain/billing-list-schemas.js';

/** Lists a page of an account's bills and credit notes, newest period first unless sorted otherwise. */
export async function listAccountBills(
  db: DbOrTrx,
  companyId: string,
  accountId: string,
  query: ListAccountBillsQuery = {},
): Promise<Page<Bill>> {
  const filters = parseInput(listAccountBillsQuerySchema, query, 'BILLING.INVALID_QUERY');
  const { items, total } = await listAccountBillRows(db, companyId, accountId, filters);
  return { items, total, limit: filters.limit, offset: filters.offset };
}
