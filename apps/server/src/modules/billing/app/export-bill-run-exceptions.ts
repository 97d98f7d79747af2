import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { readExportRows } from '../../../platform/db/read-export-rows.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import {
  findBillRunExceptionsOfAccounts,
  listBillRunExceptionAccountIds,
  type BillRunException,
} from '../db/bill-run-exception-queries.js';
import {
  listBillRunExceptionsQuerySchema,
  type ListBillRunExceptionsQuery,
} from '../domain/billing-list-schemas.js';

/** Reads every exception of the run the list query matches, in its order, for a CSV export of at most `maxRows`. */
export async function exportBillRunExceptions(
  db: DbOrTrx,
  companyId: string,
  billRunId: string,
  query: ListBillRunExceptionsQuery,
  maxRows: number,
): Promise<AsyncIterable<BillRunException[]>> {
  const filters = parseInput(listBillRunExceptionsQuerySchema, query, 'BILLING.INVALID_QUERY');
  return readExportRows(
    {
      selectIds: (limit) => listBillRunExceptionAccountIds(db, companyId, billRunId, filters, limit),
      selectRows: (accountIds) => findBillRunExceptionsOfAccounts(db, companyId, billRunId, accountIds),
      idOf: (exception) => exception.accountId,
    },
    maxRows,
  );
}
