import type { Db, DbOrTrx } from '../../../platform/context/request-context.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { PrincipalKind, User } from '../domain/user.js';
import { insertMissingBuiltInRoles, selectRoles, type RoleRow } from '../db/role-store.js';
import { findUser, selectUsers } from '../db/user-store.js';

export function listUsers(db: DbOrTrx, companyId: string, kind?: PrincipalKind): Promise<User[]> {
  return selectUsers(db, companyId, kind);
}

export async function getUser(db: DbOrTrx, companyId: string, userId: string): Promise<User> {
  const user = await findUser(db, companyId, userId);
  if (!user) throw notFound('IDENTITY.USER_NOT_FOUND', `User ${userId} does not exist in this company.`);
  return user;
}

/** Lists the company's roles; a company that has none yet gets the built-in roles first. */
export async function listRoles(db: Db, companyId: string): Promise<RoleRow[]> {
  return db.transaction().execute(async (trx) => {
    await insertMissingBuiltInRoles(trx, companyId);
    return selectRoles(trx, companyId);
  });
}
