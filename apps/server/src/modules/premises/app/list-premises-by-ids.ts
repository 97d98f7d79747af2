import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import type { Premise } from '../domain/premise.js';
import { findPremisesByIds } from '../db/premise-queries.js';

/** Returns the company's premises among `premiseIds`. Ids of other companies and unknown ids are left out. */
export async function listPremisesByIds(
  db: DbOrTrx,
  context: RequestContext,
  premiseIds: string[],
): Promise<Premise[]> {
  return findPremisesByIds(db, context.companyId, premiseIds);
}
