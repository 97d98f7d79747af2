import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { Page } from '../../../platform/validation/page.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { selectUserPage } from '../db/user-store.js';
import { listUsersQuerySchema, type ListUsersQuery } from '../domain/user-list-schemas.js';
import type { User } from '../domain/user.js';

/** Lists a page of the company's users by email unless sorted otherwise, filtered by kind, status or name. */
export async function listUserPage(
  db: DbOrTrx,
  companyId: string,
  query: ListUsersQuery = {},
): Promise<Page<User>> {
  const filters = parseInput(listUsersQuerySchema, query, 'IDENTITY.INVALID_QUERY');
  const { items, total } = await selectUserPage(db, companyId, filters);
  return { items, total, limit: filters.limit, offset: filters.offset };
}
