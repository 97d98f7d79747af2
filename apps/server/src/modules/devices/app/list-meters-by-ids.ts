import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import type { Meter } from '../domain/meter.js';
import { findMetersByIds } from '../db/meter-queries.js';

/**
 * Returns the company's meters among `meterIds` with their registers, in no particular order. Ids of
 * other companies and unknown ids are left out.
 */
export async function listMetersByIds(
  db: DbOrTrx,
  context: RequestContext,
  meterIds: string[],
): Promise<Meter[]> {
  return findMetersByIds(db, context.companyId, meterIds);
}
