import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import type { Page } from '../../../platform/validation/page.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { Account } from '../domain/account.js';
import { listAccountsQuerySchema, type ListAccountsQuery } from '../domain/account-schemas.js';
import { listAccountRows } from '../db/account-queries.js';

/** Lists a page of the company's accounts in the requested order. `search` matches a number prefix or a name. */
export async function listAccounts(
  db: DbOrTrx,
  context: RequestContext,
  query: ListAccountsQuery = {},
): Promise<Page<Account>> {
  const filters = parseInput(listAccountsQuerySchema, query, 'CUSTOMERS.INVALID_QUERY');
  const { items, total } = await listAccountRows(db, context.companyId, filters);
  return { items, total, limit: filters.limit, offset: filters.offset };
}
