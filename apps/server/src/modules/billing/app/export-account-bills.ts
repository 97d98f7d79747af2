import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { readExportRows } from '../../../platform/db/read-export-rows.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { findBillsByIds, listAccountBillIds } from '../db/account-bill-queries.js';
import type { Bill } from '../domain/bill.js';
import { listAccountBillsQuerySchema, type ListAccountBillsQuery } from '../domain/billing-list-schemas.js';

/** Reads every bill of the account the list query matches, in its order, for a CSV export of at most `maxRows`. */
export async function exportAccountBills(
  db: DbOrTrx,
  companyId: string,
  accountId: string,
  query: ListAccountBillsQuery,
  maxRows: number,
): Promise<AsyncIterable<Bill[]>> {
  const filters = parseInput(listAccountBillsQuerySchema, query, 'BILLING.INVALID_QUERY');
  return readExportRows(
    {
      selectIds: (limit) => listAccountBillIds(db, companyId, accountId, filters, limit),
      selectRows: (ids) => findBillsByIds(db, companyId, ids),
      idOf: (bill) => bill.id,
    },
    maxRows,
  );
}
