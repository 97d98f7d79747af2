import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { readExportRows } from '../../../platform/db/read-export-rows.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { Account } from '../domain/account.js';
import { listAccountsQuerySchema, type ListAccountsQuery } from '../domain/account-schemas.js';
import { findAccountsByIds, listAccountIds } from '../db/account-queries.js';

/** Reads every account the list query matches, in its order, for a CSV export of at most `maxRows`. */
export async function exportAccounts(
  db: DbOrTrx,
  context: RequestContext,
  query: ListAccountsQuery,
  maxRows: number,
): Promise<AsyncIterable<Account[]>> {
  const filters = parseInput(listAccountsQuerySchema, query, 'CUSTOMERS.INVALID_QUERY');
  return readExportRows(
    {
      selectIds: (limit) => listAccountIds(db, context.companyId, filters, limit),
      selectRows: (ids) => findAccountsByIds(db, context.companyId, ids),
      idOf: (account) => account.id,
    },
    maxRows,
  );
}
