import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { Trx } from '../../../platform/context/request-context.js';
import type { DatabaseScopes } from '../../../platform/db/database-scopes.js';
import { accessDenied, AppError } from '../../../platform/errors/app-error.js';
import { newId } from '../../../platform/ids/new-id.js';
import { findCompanyByCode } from '../../companies/index.js';
import {
  deriveCsrfSecret,
  formatCredentialToken,
  generateCredentialSecret,
  hashCredentialSecret,
} from '../domain/credential-token.js';
import { isPasswordValid, spendPasswordCheckTime } from '../domain/password.js';
import { lockoutMs, maxFailedSignIns, sessionLifetimeMs } from '../domain/session-policy.js';
import { matchTotpStep } from '../domain/totp.js';
import type { PrincipalKind } from '../domain/user.js';
import { insertSession } from '../db/session-store.js';
import { lockUserForSignIn, updateUser } from '../db/user-store.js';

export type SignInInput = {
  companyCode: string;
  kind: PrincipalKind;
  email: string;
  password: string;
  totpCode?: string | undefined;
};

export type SignInMeta = { ip: string | null; userAgent: string | null; requestId: string | undefined };

/** The new session: its cookie token and CSRF token are shown only here. */
export type SignedIn = {
  companyId: string;
  userId: string;
  sessionId: string;
  kind: PrincipalKind;
  token: string;
  csrfToken: string;
  expiresAt: Date;
};

type Outcome =
  | { kind: 'signed-in'; session: SignedIn }
  | { kind: 'failed' }
  | { kind: 'totp-required' }
  | { kind: 'locked-now' };

/**
 * Checks a user's password (and TOTP code when the user has turned it on) and opens a session.
 * Every failure gets the same error, whether the company, the email or the password was wrong or the
 * account is locked, so that a caller learns nothing about which accounts exist. Failures are counted in the user's
 * row: the fifth in a row locks the account for 15 minutes, during which no password is even checked.
 */
export async function signIn(
  database: DatabaseScopes,
  input: SignInInput,
  meta: SignInMeta,
  now = new Date(),
): Promise<SignedIn> {
  const company = await findCompanyByCode(database.platform, input.companyCode);
  if (!company) {
    await spendPasswordCheckTime(input.password);
    throw signInFailed();
  }
  const db = database.forCompany(company.id);
  const outcome = await db.transaction().execute((trx) => attemptSignIn(trx, company.id, input, meta, now));
  switch (outcome.kind) {
    case 'signed-in':
      return outcome.session;
    case 'totp-required':
      throw new AppError(
        'unauthenticated',
        'AUTH.TOTP_REQUIRED',
        'This account has a second factor: send the 6-digit code of your authenticator app as totpCode.',
      );
    case 'failed':
    case 'locked-now':
      throw signInFailed();
  }
}

async function attemptSignIn(
  trx: Trx,
  companyId: string,
  input: SignInInput,
  meta: SignInMeta,
  now: Date,
): Promise<Outcome> {
  const email = input.email.trim().toLowerCase();
  const user = await lockUserForSignIn(trx, companyId, input.kind, email);
  if (!user || user.password_hash === null) {
    await spendPasswordCheckTime(input.password);
    return { kind: 'failed' };
  }
  // A locked account still spends the time of a password check, so that a faster response does not
  // reveal that the email exists.
  if (user.locked_until !== null && user.locked_until > now) {
    await spendPasswordCheckTime(input.password);
    return { kind: 'failed' };
  }

  const passwordValid = await isPasswordValid(user.password_hash, input.password);
  const active = user.status === 'active';
  if (passwordValid && active && user.totp_enabled && !input.totpCode) return { kind: 'totp-required' };
  const totpStep = user.totp_enabled
    ? matchTotpStep(user.totp_secret ?? '', input.totpCode ?? '', now.getTime())
    : undefined;
  // Each code is accepted once: a code seen over someone's shoulder is useless after its first sign-in.
  const lastStep = user.totp_last_step === null ? -1 : Number(user.totp_last_step);
  const totpValid = !user.totp_enabled || (totpStep !== undefined && totpStep > lastStep);
  const context = {
    companyId,
    actor: { kind: 'user' as const, id: user.id },
    requestId: meta.requestId,
    ...(meta.ip ? { ip: meta.ip } : {}),
  };

  if (!passwordValid || !totpValid || !active) {
    const failures = user.failed_logins + 1;
    if (failures < maxFailedSignIns) {
      await updateUser(trx, companyId, user.id, { failed_logins: failures });
      return { kind: 'failed' };
    }
    const lockedUntil = new Date(now.getTime() + lockoutMs);
    await updateUser(trx, companyId, user.id, { failed_logins: 0, locked_until: lockedUntil });
    await recordAudit(trx, context, [
      {
        entityType: 'user',
        entityId: user.id,
        action: 'update',
        changes: { locked_until: [user.locked_until?.toISOString() ?? null, lockedUntil.toISOString()] },
      },
    ]);
    return { kind: 'locked-now' };
  }

  await updateUser(trx, companyId, user.id, {
    failed_logins: 0,
    locked_until: null,
    last_login_at: now,
    ...(totpStep === undefined ? {} : { totp_last_step: String(totpStep) }),
  });
  const sessionId = newId();
  const secret = generateCredentialSecret();
  const csrfSecret = deriveCsrfSecret(secret);
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs);
  await insertSession(trx, {
    companyId,
    id: sessionId,
    userId: user.id,
    kind: input.kind,
    secretHash: hashCredentialSecret(secret),
    csrfHash: hashCredentialSecret(csrfSecret),
    expiresAt,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  await recordAudit(trx, context, [
    {
      entityType: 'session',
      entityId: sessionId,
      action: 'create',
      changes: {
        user_id: [null, user.id],
        kind: [null, input.kind],
        expires_at: [null, expiresAt.toISOString()],
      },
    },
  ]);
  return {
    kind: 'signed-in',
    session: {
      companyId,
      userId: user.id,
      sessionId,
      kind: input.kind,
      token: formatCredentialToken('session', { companyId, id: sessionId, secret }),
      csrfToken: csrfSecret.toString('base64url'),
      expiresAt,
    },
  };
}

function signInFailed(): AppError {
  const lockoutMinutes = lockoutMs / 60_000;
  return accessDenied(
    'unauthenticated',
    'AUTH.SIGN_IN_FAILED',
    `Sign-in failed: the company, email or password is wrong, or the account is locked for ${lockoutMinutes} minutes after ${maxFailedSignIns} failed attempts in a row.`,
    { lockoutMinutes, maxFailedSignIns },
  );
}
