import type { DatabaseScopes } from '../../../platform/db/database-scopes.js';
import type { ApiKeyPrincipal } from '../domain/api-key.js';
import { isCredentialSecretValid, parseCredentialToken } from '../domain/credential-token.js';
import { findApiKeyCredentials, touchApiKeyLastUsed } from '../db/api-key-store.js';

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Returns the principal of a valid, unrevoked API key token, or undefined for a malformed, unknown or
 * revoked one (the caller answers all three with the same 401, so it reveals nothing about which).
 */
export async function authenticateApiKey(
  database: Pick<DatabaseScopes, 'forCompany'>,
  tokenText: string,
  now: Date = new Date(),
): Promise<ApiKeyPrincipal | undefined> {
  const token = parseCredentialToken('api-key', tokenText);
  if (!token) return undefined;
  // The token names its company, so the lookup runs inside that company's row-level security.
  const db = database.forCompany(token.companyId);
  const row = await findApiKeyCredentials(db, token.companyId, token.id);
  if (!row || row.revoked_at !== null) return undefined;
  if (!isCredentialSecretValid(token.secret, row.secret_hash)) return undefined;

  const lastUsed = row.last_used_at;
  if (lastUsed === null || now.getTime() - lastUsed.getTime() >= LAST_USED_RESOLUTION_MS) {
    await touchApiKeyLastUsed(db, token.companyId, token.id);
  }
  return { companyId: token.companyId, keyId: token.id, permissions: row.permissions };
}
