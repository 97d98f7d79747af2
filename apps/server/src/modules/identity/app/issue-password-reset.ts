import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext, Trx } from '../../../platform/context/request-context.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { selectUserRoles } from '../db/role-store.js';
import { lockUser } from '../db/user-store.js';
import { assertMayManage } from './assert-roles-grantable.js';
import { newId } from '../../../platform/ids/new-id.js';
import {
  formatCredentialToken,
  generateCredentialSecret,
  hashCredentialSecret,
} from '../domain/credential-token.js';
import { passwordResetLifetimeMs } from '../domain/session-policy.js';

/**
 * Creates a one-time password reset token for a user in the caller's transaction; the token is returned
 * once and only its hash is stored. It sets a first password as well as a forgotten one.
 */
export async function issuePasswordResetToken(
  trx: Trx,
  context: RequestContext,
  userId: string,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const id = newId();
  const secret = generateCredentialSecret();
  const expiresAt = new Date(now.getTime() + passwordResetLifetimeMs);
  await trx
    .insertInto('identity.password_reset')
    .values({
      company_id: context.companyId,
      id,
      user_id: userId,
      secret_hash: hashCredentialSecret(secret),
      expires_at: expiresAt,
    })
    .execute();
  await recordAudit(trx, context, [
    {
      entityType: 'password-reset',
      entityId: id,
      action: 'create',
      changes: { user_id: [null, userId], expires_at: [null, expiresAt.toISOString()] },
    },
  ]);
  return {
    token: formatCredentialToken('password-reset', { companyId: context.companyId, id, secret }),
    expiresAt,
  };
}

/**
 * Issues a password reset token for a user on an administrator's request, provided the administrator
 * has every permission the user has.
 */
export async function issueUserPasswordReset(
  db: Db,
  context: RequestContext,
  userId: string,
  callerPermissions: readonly string[] | undefined,
): Promise<{ token: string; expiresAt: Date }> {
  return db.transaction().execute(async (trx) => {
    const user = await lockUser(trx, context.companyId, userId);
    if (!user) throw notFound('IDENTITY.USER_NOT_FOUND', `User ${userId} does not exist in this company.`);
    const heldRoles = await selectUserRoles(trx, context.companyId, [userId]);
    assertMayManage(
      heldRoles.flatMap((role) => role.permissions),
      callerPermissions,
      `user ${userId}`,
    );
    return issuePasswordResetToken(trx, context, userId);
  });
}
