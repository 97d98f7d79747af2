import { AppError, ruleViolation } from '../../../platform/errors/app-error.js';
import type { ServiceAgreement } from '../../agreements/index.js';
import type { PrepaidMeter } from '../domain/prepaid-meter.js';
import type { PrepaidService } from '../domain/prepaid-service.js';
import { withArticle } from '../../../platform/text/with-article.js';

/**
 * Returns the rule violation of a meter whose prepaid tariff prices another service. The inventory and
 * the agreements keep a service point's meter and tariff on one service, so this catches rows written
 * around them, before a water meter is sold kWh or an electricity meter m³.
 */
export function serviceMismatch(
  meter: PrepaidMeter,
  agreement: ServiceAgreement,
  prices: { tariffVersionId: string; service: PrepaidService },
): AppError {
  return ruleViolation(
    'PREPAYMENT.SERVICE_MISMATCH',
    `Meter ${meter.pan} measures ${meter.service}, but tariff version ${prices.tariffVersionId} of its prepaid agreement ${agreement.id} prices ${prices.service}: put the agreement on ${withArticle(meter.service)} tariff.`,
    [{ path: 'tariff.definition.service', message: `expected ${meter.service}, got ${prices.service}` }],
  );
}
