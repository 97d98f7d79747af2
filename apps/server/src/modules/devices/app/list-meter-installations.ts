import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { invalidInput } from '../../../platform/errors/app-error.js';
import type { MeterInstallation } from '../domain/meter.js';
import { listInstallationRows } from '../db/installation-queries.js';

/**
 * Lists installations (oldest first per service point) of one meter, of one service point, or of many
 * service points at once (for a bill run).
 */
export async function listMeterInstallations(
  db: DbOrTrx,
  context: RequestContext,
  match: { meterId?: string; servicePointId?: string; servicePointIds?: string[] },
): Promise<MeterInstallation[]> {
  if (!match.meterId && !match.servicePointId && !match.servicePointIds) {
    throw invalidInput(
      'DEVICES.INVALID_QUERY',
      'Give meterId, servicePointId or servicePointIds to list installations.',
      [{ path: 'meterId', message: 'is missing, and so are servicePointId and servicePointIds' }],
    );
  }
  return listInstallationRows(db, context.companyId, match);
}
