import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { invalidInput, notFound } from '../../../platform/errors/app-error.js';
import type { User } from '../domain/user.js';
import { insertMissingBuiltInRoles, replaceUserRoles, selectRoles } from '../db/role-store.js';
import { revokePasswordResets } from '../db/password-reset-store.js';
import { revokeSessions } from '../db/session-store.js';
import { findUser, lockUser, updateUser as updateUserRow } from '../db/user-store.js';
import { assertMayManage, resolveGrantableRoles } from './assert-roles-grantable.js';
import { selectUserRoles } from '../db/role-store.js';

export type UpdateUserInput = {
  roles?: string[] | undefined;
  status?: 'active' | 'disabled' | undefined;
  /** Clears a lockout after failed sign-ins. */
  unlock?: boolean | undefined;
  grantorPermissions?: readonly string[];
};

/**
 * Changes a user's roles, status or lockout. Disabling a user also ends every session of theirs and voids
 * their unused password reset tokens.
 */
export async function updateUser(
  db: Db,
  context: RequestContext,
  userId: string,
  input: UpdateUserInput,
): Promise<User> {
  assertPermission(context, 'identity:write');
  return db.transaction().execute(async (trx) => {
    const current = await lockUser(trx, context.companyId, userId);
    const before = await findUser(trx, context.companyId, userId);
    if (!current || !before)
      throw notFound('IDENTITY.USER_NOT_FOUND', `User ${userId} does not exist in this company.`);
    const heldRoles = await selectUserRoles(trx, context.companyId, [userId]);
    assertMayManage(
      heldRoles.flatMap((role) => role.permissions),
      input.grantorPermissions,
      `user ${userId}`,
    );
    const changes: Record<string, [unknown, unknown]> = {};

    if (input.roles !== undefined) {
      if (current.kind !== 'staff' && input.roles.length > 0) {
        throw invalidInput('IDENTITY.INVALID_USER', 'The user is invalid.', [
          { path: 'roles', message: `${current.kind} users hold no roles; give an empty list` },
        ]);
      }
      await insertMissingBuiltInRoles(trx, context.companyId);
      const roles = resolveGrantableRoles(
        input.roles,
        await selectRoles(trx, context.companyId),
        input.grantorPermissions,
        'roles',
      );
      await replaceUserRoles(
        trx,
        context.companyId,
        userId,
        roles.map((role) => role.id),
      );
      changes.roles = [before.roles, roles.map((role) => role.code).sort()];
    }
    if (input.status !== undefined && input.status !== current.status) {
      await updateUserRow(trx, context.companyId, userId, { status: input.status });
      if (input.status === 'disabled') {
        await revokeSessions(trx, context.companyId, userId);
        await revokePasswordResets(trx, context.companyId, userId);
      }
      changes.status = [current.status, input.status];
    }
    if (input.unlock && (current.locked_until !== null || current.failed_logins > 0)) {
      await updateUserRow(trx, context.companyId, userId, { locked_until: null, failed_logins: 0 });
      changes.locked_until = [current.locked_until?.toISOString() ?? null, null];
    }
    if (Object.keys(changes).length > 0) {
      await recordAudit(trx, context, [{ entityType: 'user', entityId: userId, action: 'update', changes }]);
    }
    return (await findUser(trx, context.companyId, userId))!;
  });
}
