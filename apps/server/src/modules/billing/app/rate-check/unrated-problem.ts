import type { UnratedReason } from '@open-cis/rating';
import { AppError, type FieldIssue } from '../../../../platform/errors/app-error.js';

/**
 * Turns the rating engine's reason for not rating typed usage into a problem that names the request
 * field to change and how.
 */
export function unratedProblem(reason: UnratedReason, detail: string, tariffCode: string): AppError {
  const [path, advice] = fieldAndAdvice(reason);
  const fields: FieldIssue[] = [{ path, message: `${reason}: ${detail}` }];
  const kind = reason === 'INVALID_PERIOD' ? 'validation' : 'rule-violation';
  return new AppError(
    kind,
    'BILLING.RATE_CHECK_UNRATED',
    `Tariff ${tariffCode} cannot rate this request: ${detail}. ${advice}`,
    fields,
  );
}

function fieldAndAdvice(reason: UnratedReason): [string, string] {
  switch (reason) {
    case 'INVALID_PERIOD':
      return ['periodEnd', 'Give a periodEnd after periodStart.'];
    case 'NO_SERVICE_IN_PERIOD':
      return ['periodStart', 'Give a period in which the service is supplied.'];
    case 'NO_TARIFF_VERSION':
      return [
        'periodStart',
        'Choose a period in which a version of the tariff is in force, or add a version.',
      ];
    case 'MISSING_TOU_REGISTER':
      return [
        'usage.registers',
        'The tariff has time-of-use hours: give energy per TOU period (schedule and period) or interval readings.',
      ];
    case 'MISSING_ENERGY':
      return ['usage.registers', 'Give an energy total in kWh, or interval readings.'];
    case 'MISSING_DEMAND':
      return [
        'usage.registers',
        'The tariff has demand charges: add a demand register in kW, or give interval readings.',
      ];
    case 'MISSING_VOLUME':
      return ['usage.registers', 'The tariff prices volume: add a volume register.'];
    case 'MISSING_INPUT':
      return ['inputs', 'Give the named quantity under inputs.'];
    case 'MISSING_YEAR_TO_DATE':
      return [
        'annualChargesBeforeMinimum',
        'An annual minimum settles in this period: give the charges billed earlier in the settlement year.',
      ];
  }
}
