import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { conflict, notFound } from '../../../platform/errors/app-error.js';
import type { ApiKeySummary } from '../domain/api-key.js';
import { findApiKeySummary, markApiKeyRevoked } from '../db/api-key-store.js';
import { assertMayManage } from './assert-roles-grantable.js';
import { forgetApiKeyCredentials } from './authenticate-api-key.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Revokes an API key of the context's company; the next request that presents it gets a 401. */
export async function revokeApiKey(
  db: Db,
  context: RequestContext,
  keyId: string,
  callerPermissions?: readonly string[],
): Promise<ApiKeySummary> {
  assertPermission(context, 'identity:write');
  if (!UUID_PATTERN.test(keyId)) {
    throw notFound('IDENTITY.API_KEY_NOT_FOUND', `API key "${keyId}" was not found: key ids are UUIDs.`);
  }
  const revoked = await db.transaction().execute(async (trx) => {
    const target = await findApiKeySummary(trx, context.companyId, keyId);
    if (target) assertMayManage(target.permissions, callerPermissions, `API key ${keyId}`);
    const revoked = await markApiKeyRevoked(trx, context.companyId, keyId);
    if (!revoked) {
      const existing = await findApiKeySummary(trx, context.companyId, keyId);
      if (!existing) throw notFound('IDENTITY.API_KEY_NOT_FOUND', `API key ${keyId} was not found.`);
      throw conflict(
        'IDENTITY.API_KEY_ALREADY_REVOKED',
        `API key ${keyId} was already revoked at ${existing.revokedAt}.`,
      );
    }
    await recordAudit(trx, context, [
      {
        entityType: 'api_key',
        entityId: keyId,
        action: 'update',
        changes: { revoked_at: [null, revoked.revokedAt] },
      },
    ]);
    return revoked;
  });
  // After the commit, so that no request reads the row before the revocation and keeps it.
  forgetApiKeyCredentials(context.companyId, keyId);
  return revoked;
}
