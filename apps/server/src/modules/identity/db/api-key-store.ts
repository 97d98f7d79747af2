import { sql } from 'kysely';
import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import type { ApiKeySummary } from '../domain/api-key.js';

type ApiKeyRow = {
  id: string;
  name: string;
  permissions: string[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

const summaryColumns = ['id', 'name', 'permissions', 'created_at', 'last_used_at', 'revoked_at'] as const;

export function toApiKeySummary(row: ApiKeyRow): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    permissions: row.permissions,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

export async function insertApiKey(
  trx: Trx,
  values: { companyId: string; id: string; name: string; secretHash: string; permissions: string[] },
): Promise<ApiKeySummary> {
  const row = await trx
    .insertInto('identity.api_key')
    .values({
      company_id: values.companyId,
      id: values.id,
      name: values.name,
      secret_hash: values.secretHash,
      permissions: values.permissions,
    })
    .returning(summaryColumns)
    .executeTakeFirstOrThrow();
  return toApiKeySummary(row);
}

export async function findApiKeyCredentials(db: DbOrTrx, companyId: string, keyId: string) {
  return db
    .selectFrom('identity.api_key')
    .select(['secret_hash', 'permissions', 'last_used_at', 'revoked_at'])
    .where('company_id', '=', companyId)
    .where('id', '=', keyId)
    .executeTakeFirst();
}

export async function findApiKeySummary(
  db: DbOrTrx,
  companyId: string,
  keyId: string,
): Promise<ApiKeySummary | undefined> {
  const row = await db
    .selectFrom('identity.api_key')
    .select(summaryColumns)
    .where('company_id', '=', companyId)
    .where('id', '=', keyId)
    .executeTakeFirst();
  return row && toApiKeySummary(row);
}

export async function selectApiKeySummaries(db: DbOrTrx, companyId: string): Promise<ApiKeySummary[]> {
  const rows = await db
    .selectFrom('identity.api_key')
    .select(summaryColumns)
    .where('company_id', '=', companyId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toApiKeySummary);
}

/** Sets revoked_at on a key that is not revoked yet; returns undefined when no such active key exists. */
export async function markApiKeyRevoked(
  trx: Trx,
  companyId: string,
  keyId: string,
): Promise<ApiKeySummary | undefined> {
  const row = await trx
    .updateTable('identity.api_key')
    .set((eb) => ({ revoked_at: eb.fn<Date>('now') }))
    .where('company_id', '=', companyId)
    .where('id', '=', keyId)
    .where('revoked_at', 'is', null)
    .returning(summaryColumns)
    .executeTakeFirst();
  return row && toApiKeySummary(row);
}

/**
 * Records a use of the key, at most once a minute: the condition skips the write when an earlier request
 * in the same minute has already set last_used_at.
 */
export async function touchApiKeyLastUsed(db: DbOrTrx, companyId: string, keyId: string): Promise<void> {
  await db
    .updateTable('identity.api_key')
    .set((eb) => ({ last_used_at: eb.fn<Date>('now') }))
    .where('company_id', '=', companyId)
    .where('id', '=', keyId)
    .where(sql<boolean>`last_used_at is null or last_used_at < now() - interval '1 minute'`)
    .execute();
}
