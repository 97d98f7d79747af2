import { assertPermission } from '../../../platform/auth/assert-permission.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import type { Meter } from '../domain/meter.js';
import type { RegisterMeterInput } from '../domain/meter-schemas.js';
import { registerMeters } from './register-meters.js';

/** Adds one meter with its registers to the inventory. */
export async function registerMeter(
  db: DbOrTrx,
  context: RequestContext,
  input: RegisterMeterInput,
): Promise<Meter> {
  assertPermission(context, 'devices:write');
  const [meter] = await registerMeters(db, context, [input]);
  if (!meter) throw new Error('Registering one meter returned no meter.');
  return meter;
}
