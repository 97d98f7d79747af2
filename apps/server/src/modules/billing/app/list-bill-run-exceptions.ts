import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { Page } from '../../../platform/validation/page.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { listBillRunExceptionRows, type BillRunException } from '../db/bill-run-exception-queries.js';
import {
  listBillRunExceptionsQuerySchema,
  type ListBillRunExceptionsQuery,
} from '../domain/billing-list-schemas.js';

export type { BillRunException };

/** Lists a page of the accounts a bill run could not bill, with the reason for each. */
export async function listBillRunExceptions(
  db: DbOrTrx,
  companyId: string,
  billRunId: string,
  query: ListBillRunExceptionsQuery = {},
): Promise<Page<BillRunException>> {
  const filters = parseInput(listBillRunExceptionsQuerySchema, query, 'BILLING.INVALID_QUERY');
  const { items, total } = await listBillRunExceptionRows(db, companyId, billRunId, filters);
  return { items, total, limit: filters.limit, offset: filters.offset };
}
