import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { selectVend, type StoredVend } from '../db/vend-store.js';

/** Returns a vend with its receipt lines and tokens, or throws not-found. */
export async function getVend(db: DbOrTrx, context: RequestContext, vendId: string): Promise<StoredVend> {
  const vend = await selectVend(db, context.companyId, { id: vendId });
  if (!vend) throw notFound('PREPAYMENT.VEND_NOT_FOUND', `Vend ${vendId} does not exist in this company.`);
  return vend;
}
