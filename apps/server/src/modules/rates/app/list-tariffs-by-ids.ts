import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import type { Tariff } from '../domain/tariff.js';
import { findTariffsByIds } from '../db/tariff-list-queries.js';

/** Returns the company's tariffs among `tariffIds`, in no particular order. Other ids are left out. */
export async function listTariffsByIds(
  db: DbOrTrx,
  context: RequestContext,
  tariffIds: string[],
): Promise<Tariff[]> {
  return findTariffsByIds(db, context.companyId, tariffIds);
}
