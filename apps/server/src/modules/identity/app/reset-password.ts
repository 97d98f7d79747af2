import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { DatabaseScopes } from '../../../platform/db/database-scopes.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { isCredentialSecretValid, parseCredentialToken } from '../domain/credential-token.js';
import { assertPasswordAcceptable, hashPassword } from '../domain/password.js';
import { revokePasswordResets } from '../db/password-reset-store.js';
import { revokeSessions } from '../db/session-store.js';
import { updateUser } from '../db/user-store.js';

/**
 * Sets an active user's password with a one-time reset token. It also lifts a lockout, voids the user's
 * other reset tokens and ends their open sessions, because a person with the old password may have opened
 * one of them.
 */
export async function resetPassword(
  database: Pick<DatabaseScopes, 'forCompany'>,
  tokenText: string,
  newPassword: string,
  meta: { requestId: string | undefined; ip: string | null },
  now = new Date(),
): Promise<void> {
  assertPasswordAcceptable(newPassword, 'newPassword');
  const token = parseCredentialToken('password-reset', tokenText);
  if (!token) throw invalidToken();
  const passwordHash = await hashPassword(newPassword);
  const db = database.forCompany(token.companyId);
  await db.transaction().execute(async (trx) => {
    const reset = await trx
      .selectFrom('identity.password_reset')
      .select(['user_id', 'secret_hash', 'expires_at', 'used_at'])
      .where('company_id', '=', token.companyId)
      .where('id', '=', token.id)
      .forUpdate()
      .executeTakeFirst();
    if (!reset || !isCredentialSecretValid(token.secret, reset.secret_hash)) throw invalidToken();
    if (reset.used_at !== null || reset.expires_at <= now) throw invalidToken();
    const user = await trx
      .selectFrom('identity.user_account')
      .select('status')
      .where('company_id', '=', token.companyId)
      .where('id', '=', reset.user_id)
      .executeTakeFirst();
    // A disabled or erased user keeps no way back in: re-enabling them must not revive an old link.
    if (user?.status !== 'active') throw invalidToken();

    // This token and every other open one of the user: a reset voids the links mailed before it.
    await revokePasswordResets(trx, token.companyId, reset.user_id, now);
    await updateUser(trx, token.companyId, reset.user_id, {
      password_hash: passwordHash,
      failed_logins: 0,
      locked_until: null,
    });
    const ended = await revokeSessions(trx, token.companyId, reset.user_id);
    const context = {
      companyId: token.companyId,
      actor: { kind: 'user' as const, id: reset.user_id },
      requestId: meta.requestId,
      ...(meta.ip ? { ip: meta.ip } : {}),
    };
    // The hash itself stays out of the audit trail: the event records only that the password changed.
    await recordAudit(trx, context, [
      {
        entityType: 'user',
        entityId: reset.user_id,
        action: 'update',
        changes: { password: ['(set)', '(changed)'], sessions_ended: [null, ended] },
      },
    ]);
  });
}

function invalidToken(): AppError {
  return new AppError(
    'unauthenticated',
    'AUTH.INVALID_RESET_TOKEN',
    'The password reset token is unknown, used or expired: request a new link (POST /v1/auth/password-reset-requests) or ask an administrator.',
  );
}
