import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { invalidInput } from '../../../platform/errors/app-error.js';
import type { MeterInstallation } from '../domain/meter.js';
import { listInstallationRows } from '../db/installation-queries.js';

/**
 * Lists installations (oldest first per service point) of one meter, of many meters at once (for a batch
 * of prepaid vends), of one service point, or of many service points at once (for a bill run).
 */
export async function listMeterInstallations(
  db: DbOrTrx,
  context: RequestContext,
  match: { meterId?: string; meterIds?: string[]; servicePointId?: string; servicePointIds?: string[] },
): Promise<MeterInstallation[]> {
  if (!match.meterId && !match.meterIds && !match.servicePointId && !match.servicePointIds) {
    throw invalidInput(
      'DEVICES.INVALID_QUERY',
      'Give meterId, meterIds, servicePointId or servicePointIds to list installations.',
      [{ path: 'meterId', message: 'is missing, and so are meterIds, servicePointId and servicePointIds' }],
    );
  }
  return listInstallationRows(db, context.companyId, match);
}
