import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { readExportRows } from '../../../platform/db/read-export-rows.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { selectUserIds, selectUsersByIds } from '../db/user-store.js';
import { listUsersQuerySchema, type ListUsersQuery } from '../domain/user-list-schemas.js';
import type { User } from '../domain/user.js';

/** Reads every user the list query matches, in its order, for a CSV export of at most `maxRows`. */
export async function exportUsers(
  db: DbOrTrx,
  companyId: string,
  query: ListUsersQuery,
  maxRows: number,
): Promise<AsyncIterable<User[]>> {
  const filters = parseInput(listUsersQuerySchema, query, 'IDENTITY.INVALID_QUERY');
  return readExportRows(
    {
      selectIds: (limit) => selectUserIds(db, companyId, filters, limit),
      selectRows: (ids) => selectUsersByIds(db, companyId, ids),
      idOf: (user) => user.id,
    },
    maxRows,
  );
}
