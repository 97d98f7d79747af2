import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import type { Account } from '../domain/account.js';
import { findAccountsByIds } from '../db/account-queries.js';

/** Returns the company's accounts among `accountIds`; ids of other companies or unknown ids are left out. */
export async function listAccountsByIds(
  db: DbOrTrx,
  context: RequestContext,
  accountIds: string[],
): Promise<Account[]> {
  return findAccountsByIds(db, context.companyId, accountIds);
}
