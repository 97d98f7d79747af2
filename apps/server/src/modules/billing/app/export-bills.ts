import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { readExportRows } from '../../../platform/db/read-export-rows.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { findBillListItemsByIds, listBillIds } from '../db/bill-list-queries.js';
import type { BillListItem } from '../domain/bill.js';
import { listBillsQuerySchema, type ListBillsQuery } from '../domain/billing-list-schemas.js';

/** Reads every bill of the company the list query matches, in its order, for a CSV export of at most `maxRows`. */
export async function exportBills(
  db: DbOrTrx,
  companyId: string,
  query: ListBillsQuery,
  maxRows: number,
): Promise<AsyncIterable<BillListItem[]>> {
  const filters = parseInput(listBillsQuerySchema, query, 'BILLING.INVALID_QUERY');
  return readExportRows(
    {
      selectIds: (limit) => listBillIds(db, companyId, filters, limit),
      selectRows: (ids) => findBillListItemsByIds(db, companyId, ids),
      idOf: (bill) => bill.id,
    },
    maxRows,
  );
}
