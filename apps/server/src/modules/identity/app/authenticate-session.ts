import type { DatabaseScopes } from '../../../platform/db/database-scopes.js';
import {
  deriveCsrfSecret,
  isCredentialSecretValid,
  parseCredentialToken,
} from '../domain/credential-token.js';
import { sessionIdleTimeoutMs } from '../domain/session-policy.js';
import type { SessionPrincipal } from '../domain/user.js';
import { agentPermissions } from '../domain/built-in-roles.js';
import { selectUserRoles } from '../db/role-store.js';
import { findSessionCredentials, touchSession } from '../db/session-store.js';

const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * Returns the principal of a valid session cookie, or undefined for a malformed, unknown, revoked,
 * expired or idle one, or one whose user was disabled.
 */
export async function authenticateSession(
  database: Pick<DatabaseScopes, 'forCompany'>,
  tokenText: string,
  now = new Date(),
): Promise<SessionPrincipal | undefined> {
  const token = parseCredentialToken('session', tokenText);
  if (!token) return undefined;
  const db = database.forCompany(token.companyId);
  const row = await findSessionCredentials(db, token.companyId, token.id);
  if (!row || !isCredentialSecretValid(token.secret, row.secret_hash)) return undefined;
  const idleMs = now.getTime() - row.last_seen_at.getTime();
  if (row.revoked_at !== null || row.expires_at <= now || idleMs > sessionIdleTimeoutMs) return undefined;
  if (row.status !== 'active') return undefined;

  if (idleMs >= LAST_SEEN_RESOLUTION_MS) await touchSession(db, token.companyId, token.id);
  const roles = await selectUserRoles(db, token.companyId, [row.user_id]);
  // NOTE: a session opened before CSRF tokens were derived from the cookie has a random token, which
  // cannot be derived again, so such a session has no token to return.
  const csrfSecret = deriveCsrfSecret(token.secret);
  const csrfToken = isCredentialSecretValid(csrfSecret, row.csrf_hash)
    ? csrfSecret.toString('base64url')
    : null;
  return {
    companyId: token.companyId,
    sessionId: token.id,
    userId: row.user_id,
    kind: row.kind,
    customerId: row.customer_id,
    permissions:
      row.kind === 'agent' ? [...agentPermissions] : [...new Set(roles.flatMap((role) => role.permissions))],
    csrfHash: row.csrf_hash,
    csrfToken,
    expiresAt: row.expires_at.toISOString(),
  };
}
