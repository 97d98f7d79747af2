import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { PremiseWithServicePoints } from '../domain/premise.js';
import { findPremise, listServicePointRows } from '../db/premise-queries.js';

/** Returns the premise with its service points, or throws not-found (also for another company's id). */
export async function getPremise(
  db: DbOrTrx,
  context: RequestContext,
  premiseId: string,
): Promise<PremiseWithServicePoints> {
  const premise = await findPremise(db, context.companyId, premiseId);
  if (!premise) {
    throw notFound('PREMISES.PREMISE_NOT_FOUND', `Premise ${premiseId} was not found in this company.`);
  }
  // A premise has at most one service point per service, so three rows are the most there can be.
  const { items } = await listServicePointRows(db, context.companyId, {
    premiseIds: [premiseId],
    sort: 'service:asc',
    limit: 10,
    offset: 0,
  });
  return { ...premise, servicePoints: items };
}
