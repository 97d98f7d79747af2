import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import { isPermission } from '../../../platform/auth/permissions.js';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import {
  conflict,
  invalidInput,
  notFound,
  ruleViolation,
  type FieldIssue,
} from '../../../platform/errors/app-error.js';
import { newId } from '../../../platform/ids/new-id.js';
import { insertMissingBuiltInRoles, type RoleRow } from '../db/role-store.js';
import { assertMayManage } from './assert-roles-grantable.js';

const ROLE_CODE = /^[a-z][a-z0-9-]{1,39}$/;

export type RoleInput = { code: string; name: string; permissions: string[] };

function assertRoleInput(input: Partial<RoleInput>): void {
  const issues: FieldIssue[] = [];
  if (input.code !== undefined && !ROLE_CODE.test(input.code)) {
    issues.push({
      path: 'code',
      message: `"${input.code}" must be 2 to 40 lowercase letters, digits or hyphens, starting with a letter`,
    });
  }
  if (input.name !== undefined && (input.name.trim() === '' || input.name.length > 100)) {
    issues.push({ path: 'name', message: 'must have 1 to 100 characters' });
  }
  input.permissions?.forEach((permission, index) => {
    if (!isPermission(permission)) {
      issues.push({
        path: `permissions.${index}`,
        message: `unknown permission "${permission}": use <module>:read, <module>:write or *`,
      });
    }
  });
  if (issues.length > 0) throw invalidInput('IDENTITY.INVALID_ROLE', 'The role is invalid.', issues);
}

/** Creates a company role from permissions the caller has itself. */
export async function createRole(
  db: Db,
  context: RequestContext,
  input: RoleInput,
  callerPermissions: readonly string[] | undefined,
): Promise<RoleRow> {
  assertPermission(context, 'identity:write');
  assertRoleInput(input);
  const permissions = [...new Set(input.permissions)].sort();
  assertMayManage(permissions, callerPermissions, `a role with ${permissions.join(', ')}`);
  const id = newId();
  return db.transaction().execute(async (trx) => {
    await insertMissingBuiltInRoles(trx, context.companyId);
    const row = await trx
      .insertInto('identity.role')
      .values({ company_id: context.companyId, id, code: input.code, name: input.name.trim(), permissions })
      .onConflict((onConflict) => onConflict.columns(['company_id', 'code']).doNothing())
      .returning(['id', 'code', 'name', 'permissions', 'built_in'])
      .executeTakeFirst();
    if (!row) throw conflict('IDENTITY.ROLE_CODE_TAKEN', `A role with code "${input.code}" exists already.`);
    await recordAudit(trx, context, [
      {
        entityType: 'role',
        entityId: id,
        action: 'create',
        changes: createdFields({ code: input.code, name: row.name, permissions }),
      },
    ]);
    return row;
  });
}

/**
 * Changes a company role's name or permissions; the caller must hold the role's old and new permissions.
 * Built-in roles cannot change, so that their names mean the same in every company.
 */
export async function updateRole(
  db: Db,
  context: RequestContext,
  roleId: string,
  input: Partial<Pick<RoleInput, 'name' | 'permissions'>>,
  callerPermissions: readonly string[] | undefined,
): Promise<RoleRow> {
  assertPermission(context, 'identity:write');
  assertRoleInput(input);
  return db.transaction().execute(async (trx) => {
    const role = await trx
      .selectFrom('identity.role')
      .select(['id', 'code', 'name', 'permissions', 'built_in'])
      .where('company_id', '=', context.companyId)
      .where('id', '=', roleId)
      .forUpdate()
      .executeTakeFirst();
    if (!role) throw notFound('IDENTITY.ROLE_NOT_FOUND', `Role ${roleId} does not exist in this company.`);
    if (role.built_in) {
      throw ruleViolation(
        'IDENTITY.ROLE_BUILT_IN',
        `The built-in role ${role.code} cannot change: create a role of your own.`,
      );
    }
    const permissions = input.permissions ? [...new Set(input.permissions)].sort() : role.permissions;
    assertMayManage([...role.permissions, ...permissions], callerPermissions, `role ${role.code}`);
    const name = input.name?.trim() ?? role.name;
    const updated = await trx
      .updateTable('identity.role')
      .set({ name, permissions })
      .where('company_id', '=', context.companyId)
      .where('id', '=', roleId)
      .returning(['id', 'code', 'name', 'permissions', 'built_in'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, context, [
      {
        entityType: 'role',
        entityId: roleId,
        action: 'update',
        changes: { name: [role.name, name], permissions: [role.permissions, permissions] },
      },
    ]);
    return updated;
  });
}
