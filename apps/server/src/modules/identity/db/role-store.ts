import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import { builtInRoles } from '../domain/built-in-roles.js';

export type RoleRow = { id: string; code: string; name: string; permissions: string[]; built_in: boolean };

/** Adds the built-in roles the company does not have yet; concurrent callers add each role once. */
export async function insertMissingBuiltInRoles(trx: Trx, companyId: string): Promise<void> {
  await trx
    .insertInto('identity.role')
    .values(
      builtInRoles.map((role) => ({
        company_id: companyId,
        code: role.code,
        name: role.name,
        permissions: role.permissions,
        built_in: true,
      })),
    )
    .onConflict((conflict) => conflict.columns(['company_id', 'code']).doNothing())
    .execute();
}

export async function selectRoles(db: DbOrTrx, companyId: string): Promise<RoleRow[]> {
  return db
    .selectFrom('identity.role')
    .select(['id', 'code', 'name', 'permissions', 'built_in'])
    .where('company_id', '=', companyId)
    .orderBy('code')
    .execute();
}

/** Selects the roles of the given users, by code. */
export async function selectUserRoles(db: DbOrTrx, companyId: string, userIds: string[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('identity.user_role as user_role')
    .innerJoin('identity.role as role', (join) =>
      join.onRef('role.company_id', '=', 'user_role.company_id').onRef('role.id', '=', 'user_role.role_id'),
    )
    .select(['user_role.user_id', 'role.code', 'role.permissions'])
    .where('user_role.company_id', '=', companyId)
    .where('user_role.user_id', 'in', userIds)
    .orderBy('role.code')
    .execute();
}

export async function replaceUserRoles(
  trx: Trx,
  companyId: string,
  userId: string,
  roleIds: string[],
): Promise<void> {
  await trx
    .deleteFrom('identity.user_role')
    .where('company_id', '=', companyId)
    .where('user_id', '=', userId)
    .execute();
  if (roleIds.length === 0) return;
  await trx
    .insertInto('identity.user_role')
    .values(roleIds.map((roleId) => ({ company_id: companyId, user_id: userId, role_id: roleId })))
    .execute();
}
