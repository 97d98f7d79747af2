import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import { createTotpSecret, matchTotpStep, totpUri } from '../domain/totp.js';
import { lockUser, updateUser } from '../db/user-store.js';

/**
 * Starts turning on the second factor for the signed-in user: stores a new secret, not yet in force, and
 * returns it with the otpauth:// URI for an authenticator app. confirmTotp puts it in force.
 */
export async function beginTotpSetup(
  db: Db,
  context: RequestContext,
  userId: string,
): Promise<{ secret: string; uri: string }> {
  return db.transaction().execute(async (trx) => {
    const user = await lockUser(trx, context.companyId, userId);
    if (!user) throw notFound('IDENTITY.USER_NOT_FOUND', `User ${userId} does not exist in this company.`);
    if (user.totp_enabled) {
      throw conflict('IDENTITY.TOTP_ALREADY_ENABLED', 'The second factor is on already for this account.');
    }
    const secret = createTotpSecret();
    await updateUser(trx, context.companyId, userId, { totp_secret: secret });
    // The secret itself stays out of the audit trail: the event records only that a setup began.
    await recordAudit(trx, context, [
      { entityType: 'user', entityId: userId, action: 'update', changes: { totp_setup: [null, 'started'] } },
    ]);
    return { secret, uri: totpUri(secret, user.email) };
  });
}

/** Puts the second factor in force once the user proves, with a current code, that the app has the secret. */
export async function confirmTotp(
  db: Db,
  context: RequestContext,
  userId: string,
  code: string,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await lockUser(trx, context.companyId, userId);
    if (!user) throw notFound('IDENTITY.USER_NOT_FOUND', `User ${userId} does not exist in this company.`);
    if (user.totp_enabled) {
      throw conflict('IDENTITY.TOTP_ALREADY_ENABLED', 'The second factor is on already for this account.');
    }
    if (!user.totp_secret) {
      throw conflict(
        'IDENTITY.TOTP_NOT_STARTED',
        'Start the setup first: POST /v1/auth/totp returns the secret.',
      );
    }
    const step = matchTotpStep(user.totp_secret, code, now.getTime());
    if (step === undefined) {
      throw new AppError(
        'validation',
        'IDENTITY.INVALID_TOTP_CODE',
        'The code does not match: enter the current 6-digit code of the authenticator app.',
        [{ path: 'code', message: 'does not match the current code' }],
      );
    }
    await updateUser(trx, context.companyId, userId, { totp_enabled: true, totp_last_step: String(step) });
    await recordAudit(trx, context, [
      { entityType: 'user', entityId: userId, action: 'update', changes: { totp_enabled: [false, true] } },
    ]);
  });
}
