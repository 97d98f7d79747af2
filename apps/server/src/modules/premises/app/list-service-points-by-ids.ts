import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import type { ServicePoint } from '../domain/premise.js';
import { findServicePointsByIds } from '../db/premise-queries.js';

/** Returns the company's service points among `servicePointIds`; ids of other companies or unknown ids are left out. */
export async function listServicePointsByIds(
  db: DbOrTrx,
  context: RequestContext,
  servicePointIds: string[],
): Promise<ServicePoint[]> {
  return findServicePointsByIds(db, context.companyId, servicePointIds);
}
