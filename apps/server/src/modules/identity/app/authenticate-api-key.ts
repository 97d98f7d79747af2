import type { DatabaseScopes } from '../../../platform/db/database-scopes.js';
import type { ApiKeyPrincipal } from '../domain/api-key.js';
import { isCredentialSecretValid, parseCredentialToken } from '../domain/credential-token.js';
import { findApiKeyCredentials, touchApiKeyLastUsed } from '../db/api-key-store.js';

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Time in milliseconds that a key's row, once read, serves later requests without another read. A
 * revocation in this process drops the row at once (forgetApiKeyCredentials). One made by another server
 * process takes effect here within this time.
 */
export const API_KEY_CACHE_MS = 5_000;

/** Maximum number of cached keys. When full, the cache drops the key read longest ago. */
const MAX_CACHED_KEYS = 10_000;

type CachedCredentials = {
  secretHash: string;
  permissions: string[];
  revoked: boolean;
  lastUsedMs: number | null;
  readAtMs: number;
};

/**
 * Rows of recently used keys, by company and key id. Busy channels (a bank, an aggregator) send the same
 * key with every request, and reading its row each time costs a database round trip per request. Only
 * keys that exist are cached, so unknown tokens cannot fill the cache.
 */
const cache = new Map<string, CachedCredentials>();

/**
 * Returns the principal of a valid, unrevoked API key token, or undefined for a malformed, unknown or
 * revoked one (the caller returns the same 401 for all three, so it reveals nothing about which). The
 * secret is checked on every request. The key's row is read when it is not cached or was read more than
 * API_KEY_CACHE_MS ago, so concurrent first requests may each read it.
 */
export async function authenticateApiKey(
  database: Pick<DatabaseScopes, 'forCompany'>,
  tokenText: string,
  now: Date = new Date(),
): Promise<ApiKeyPrincipal | undefined> {
  const token = parseCredentialToken('api-key', tokenText);
  if (!token) return undefined;
  // The token names its company, so the lookup runs inside that company's row-level security.
  const db = () => database.forCompany(token.companyId);
  const cacheKey = `${token.companyId}:${token.id}`;
  const nowMs = now.getTime();
  let credentials = cache.get(cacheKey);
  if (
    credentials === undefined ||
    nowMs - credentials.readAtMs >= API_KEY_CACHE_MS ||
    nowMs < credentials.readAtMs
  ) {
    cache.delete(cacheKey);
    const row = await findApiKeyCredentials(db(), token.companyId, token.id);
    if (!row) return undefined;
    credentials = {
      secretHash: row.secret_hash,
      permissions: row.permissions,
      revoked: row.revoked_at !== null,
      lastUsedMs: row.last_used_at?.getTime() ?? null,
      readAtMs: nowMs,
    };
    if (cache.size >= MAX_CACHED_KEYS) cache.delete(cache.keys().next().value!);
    cache.set(cacheKey, credentials);
  }
  if (credentials.revoked) return undefined;
  if (!isCredentialSecretValid(token.secret, credentials.secretHash)) return undefined;

  if (credentials.lastUsedMs === null || nowMs - credentials.lastUsedMs >= LAST_USED_RESOLUTION_MS) {
    credentials.lastUsedMs = nowMs;
    await touchApiKeyLastUsed(db(), token.companyId, token.id);
  }
  return { companyId: token.companyId, keyId: token.id, permissions: [...credentials.permissions] };
}

/** Drops a key's row from the cache, so that the next request reads it again: call it after a revocation commits. */
export function forgetApiKeyCredentials(companyId: string, keyId: string): void {
  cache.delete(`${companyId}:${keyId.toLowerCase()}`);
}
