import { assertPermission } from '../../../platform/auth/assert-permission.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import type { ServicePoint } from '../domain/premise.js';
import type { CreateServicePointInput } from '../domain/premise-schemas.js';
import { createServicePoints } from './create-service-points.js';

/** Creates the service point of one service at a premise. */
export async function createServicePoint(
  db: DbOrTrx,
  context: RequestContext,
  input: CreateServicePointInput,
): Promise<ServicePoint> {
  assertPermission(context, 'premises:write');
  const [point] = await createServicePoints(db, context, [input]);
  if (!point) throw new Error('Creating one service point returned no service point.');
  return point;
}
