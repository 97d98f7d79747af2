import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { Page } from '../../../platform/validation/page.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { listBillRunRows } from '../db/bill-run-queries.js';
import type { BillRun } from '../domain/bill-run.js';
import { listBillRunsQuerySchema, type ListBillRunsQuery } from '../domain/billing-list-schemas.js';

/** Lists a page of the company's bill runs, newest first unless sorted otherwise. */
export async function listBillRuns(
  db: DbOrTrx,
  companyId: string,
  query: ListBillRunsQuery = {},
): Promise<Page<BillRun>> {
  const filters = parseInput(listBillRunsQuerySchema, query, 'BILLING.INVALID_QUERY');
  const { items, total } = await listBillRunRows(db, companyId, filters);
  return { items, total, limit: filters.limit, offset: filters.offset };
}
