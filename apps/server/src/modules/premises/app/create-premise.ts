import { assertPermission } from '../../../platform/auth/assert-permission.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import type { Premise } from '../domain/premise.js';
import type { CreatePremiseInput } from '../domain/premise-schemas.js';
import { createPremises } from './create-premises.js';

/** Creates one premise from its address and optional geo point. */
export async function createPremise(
  db: DbOrTrx,
  context: RequestContext,
  input: CreatePremiseInput,
): Promise<Premise> {
  assertPermission(context, 'premises:write');
  const [premise] = await createPremises(db, context, [input]);
  if (!premise) throw new Error('Creating one premise returned no premise.');
  return premise;
}
