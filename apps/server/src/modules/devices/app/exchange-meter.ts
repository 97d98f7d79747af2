import { assertPermission } from '../../../platform/auth/assert-permission.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { conflict } from '../../../platform/errors/app-error.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { MeterInstallation } from '../domain/meter.js';
import { exchangeMeterInputSchema, type ExchangeMeterInput } from '../domain/meter-schemas.js';
import { findOpenInstallation } from '../db/installation-queries.js';
import { installMeter } from './install-meter.js';
import { removeMeter } from './remove-meter.js';

/**
 * Replaces the meter at a service point on one day: the old meter's installation ends on `exchangedOn`
 * and the new one starts that day, so the service point is never without a meter and no day is metered
 * twice. Both halves commit together or not at all.
 */
export async function exchangeMeter(
  db: DbOrTrx,
  context: RequestContext,
  input: ExchangeMeterInput,
): Promise<{ removed: MeterInstallation; installed: MeterInstallation }> {
  assertPermission(context, 'devices:write');
  const fields = parseInput(exchangeMeterInputSchema, input, 'DEVICES.INVALID_EXCHANGE');

  return inTransaction(db, async (trx) => {
    const current = await findOpenInstallation(trx, context.companyId, {
      servicePointId: fields.servicePointId,
    });
    if (!current) {
      throw conflict(
        'DEVICES.SERVICE_POINT_EMPTY',
        `Service point ${fields.servicePointId} has no installed meter to exchange: install the new meter instead.`,
      );
    }
    const removed = await removeMeter(trx, context, {
      meterId: current.meterId,
      removedOn: fields.exchangedOn,
      reads: fields.removalReads,
    });
    const installed = await installMeter(trx, context, {
      meterId: fields.newMeterId,
      servicePointId: fields.servicePointId,
      installedOn: fields.exchangedOn,
      reads: fields.installReads,
    });
    return { removed, installed };
  });
}
