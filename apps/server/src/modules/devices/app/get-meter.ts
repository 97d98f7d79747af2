import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { Meter, MeterInstallation } from '../domain/meter.js';
import { listInstallationRows } from '../db/installation-queries.js';
import { findMeter } from '../db/meter-queries.js';

/** Returns the meter with its registers and installation history, or throws not-found. */
export async function getMeter(
  db: DbOrTrx,
  context: RequestContext,
  meterId: string,
): Promise<Meter & { installations: MeterInstallation[] }> {
  const meter = await findMeter(db, context.companyId, meterId);
  if (!meter) throw notFound('DEVICES.METER_NOT_FOUND', `Meter ${meterId} was not found in this company.`);
  const installations = await listInstallationRows(db, context.companyId, { meterId });
  return { ...meter, installations };
}
