import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { Page } from '../../../platform/validation/page.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { listBillRows } from '../db/bill-list-queries.js';
import type { BillListItem } from '../domain/bill.js';
import { listBillsQuerySchema, type ListBillsQuery } from '../domain/billing-list-schemas.js';

/** Lists a page of the company's bills and credit notes, newest first unless sorted otherwise. */
export async function listBills(
  db: DbOrTrx,
  companyId: string,
  query: ListBillsQuery = {},
): Promise<Page<BillListItem>> {
  const filters = parseInput(listBillsQuerySchema, query, 'BILLING.INVALID_QUERY');
  const { items, total } = await listBillRows(db, companyId, filters);
  return { items, total, limit: filters.limit, offset: filters.offset };
}
