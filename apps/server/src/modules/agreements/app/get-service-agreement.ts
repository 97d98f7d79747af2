import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { ServiceAgreement } from '../domain/service-agreement.js';
import { findServiceAgreement } from '../db/service-agreement-queries.js';

/** Returns the agreement, or throws not-found (also for another company's id). */
export async function getServiceAgreement(
  db: DbOrTrx,
  context: RequestContext,
  agreementId: string,
): Promise<ServiceAgreement> {
  const agreement = await findServiceAgreement(db, context.companyId, agreementId);
  if (!agreement) {
    throw notFound(
      'AGREEMENTS.AGREEMENT_NOT_FOUND',
      `Service agreement ${agreementId} was not found in this company.`,
    );
  }
  return agreement;
}
