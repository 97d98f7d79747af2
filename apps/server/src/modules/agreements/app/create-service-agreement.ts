import { assertPermission } from '../../../platform/auth/assert-permission.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import type { ServiceAgreement } from '../domain/service-agreement.js';
import type { CreateServiceAgreementInput } from '../domain/service-agreement-schemas.js';
import { createServiceAgreements } from './create-service-agreements.js';

/** Creates one service agreement between an account and a service point on a tariff. */
export async function createServiceAgreement(
  db: DbOrTrx,
  context: RequestContext,
  input: CreateServiceAgreementInput,
): Promise<ServiceAgreement> {
  assertPermission(context, 'agreements:write');
  const [agreement] = await createServiceAgreements(db, context, [input]);
  if (!agreement) throw new Error('Creating one service agreement returned no agreement.');
  return agreement;
}
