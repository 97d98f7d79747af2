import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { ApiKeySummary } from '../domain/api-key.js';
import { selectApiKeySummaries } from '../db/api-key-store.js';

/** Lists a company's API keys, revoked ones included, oldest first. A company has few keys, so one page. */
export async function listApiKeys(db: DbOrTrx, companyId: string): Promise<{ items: ApiKeySummary[] }> {
  return { items: await selectApiKeySummaries(db, companyId) };
}
