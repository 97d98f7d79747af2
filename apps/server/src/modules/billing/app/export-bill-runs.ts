import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { readExportRows } from '../../../platform/db/read-export-rows.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { findBillRunsByIds, listBillRunIds } from '../db/bill-run-queries.js';
import type { BillRun } from '../domain/bill-run.js';
import { listBillRunsQuerySchema, type ListBillRunsQuery } from '../domain/billing-list-schemas.js';

/** Reads every bill run the list query matches, in its order, for a CSV export of at most `maxRows`. */
export async function exportBillRuns(
  db: DbOrTrx,
  companyId: string,
  query: ListBillRunsQuery,
  maxRows: number,
): Promise<AsyncIterable<BillRun[]>> {
  const filters = parseInput(listBillRunsQuerySchema, query, 'BILLING.INVALID_QUERY');
  return readExportRows(
    {
      selectIds: (limit) => listBillRunIds(db, companyId, filters, limit),
      selectRows: (ids) => findBillRunsByIds(db, companyId, ids),
      idOf: (run) => run.id,
    },
    maxRows,
  );
}
