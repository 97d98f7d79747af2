import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { ServicePoint } from '../domain/premise.js';
import { findServicePoint } from '../db/premise-queries.js';

/** Returns the service point, or throws not-found (also for another company's id). */
export async function getServicePoint(
  db: DbOrTrx,
  context: RequestContext,
  servicePointId: string,
): Promise<ServicePoint> {
  const point = await findServicePoint(db, context.companyId, servicePointId);
  if (!point) {
    throw notFound(
      'PREMISES.SERVICE_POINT_NOT_FOUND',
      `Service point ${servicePointId} was not found in this company.`,
    );
  }
  return point;
}
