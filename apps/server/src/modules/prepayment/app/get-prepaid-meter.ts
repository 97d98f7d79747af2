import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { notFound, type AppError } from '../../../platform/errors/app-error.js';
import type { PrepaidMeter } from '../domain/prepaid-meter.js';
import { findPrepaidMeter, type MeterMatch } from '../db/prepaid-meter-queries.js';

/** Returns the prepaid meter, locked until the transaction ends when `lock` is set, or throws not-found. */
export async function getPrepaidMeter(
  db: DbOrTrx,
  context: RequestContext,
  match: MeterMatch,
  options: { lock: boolean },
): Promise<PrepaidMeter> {
  const meter = await findPrepaidMeter(db, context.companyId, match, options);
  if (meter) return meter;
  throw prepaidMeterNotFound(match);
}

/** Returns the not-found error for a prepaid meter that the match finds none of. */
export function prepaidMeterNotFound(match: MeterMatch): AppError {
  const name = 'meterId' in match ? `id ${match.meterId}` : `PAN ${match.pan}`;
  return notFound(
    'PREPAYMENT.METER_NOT_FOUND',
    `No prepaid meter with ${name} exists in this company: check the number, or register the meter's STS key data first.`,
  );
}
