import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client.js';

/**
 * The prepayment problems that a seller meets and can act on, by code, with the key of their message
 * under `vending.errors`. Other problems show the server's detail.
 */
const vendingMessageKeys: Partial<Record<string, string>> = {
  'PREPAYMENT.METER_NOT_FOUND': 'meterNotFound',
  'PREPAYMENT.METER_NOT_INSTALLED': 'meterNotInstalled',
  'PREPAYMENT.NO_PREPAID_AGREEMENT': 'noPrepaidAgreement',
  'PREPAYMENT.SERVICE_MISMATCH': 'serviceMismatch',
  'PREPAYMENT.TARIFF_NOT_VENDABLE': 'tariffNotVendable',
  'PREPAYMENT.NOTHING_LEFT_FOR_ENERGY': 'nothingLeftForEnergy',
  'PREPAYMENT.AGENT_FLOAT_EXHAUSTED': 'floatExhausted',
  'PREPAYMENT.AGENT_SUSPENDED': 'agentSuspended',
  'PREPAYMENT.CASHIER_INACTIVE': 'cashierInactive',
  'PREPAYMENT.AGENT_LOGIN_UNASSIGNED': 'loginUnassigned',
  'PREPAYMENT.IDEMPOTENCY_KEY_REUSED': 'keyReused',
  'PREPAYMENT.VEND_RELEASED': 'vendReleased',
  'PREPAYMENT.VEND_REVERSED': 'vendReversed',
  'PREPAYMENT.RECEIPT_MAIL_LIMIT': 'receiptMailLimit',
  'PREPAYMENT.CORRECTION_NEEDS_USER': 'correctionNeedsUser',
  'PREPAYMENT.KEY_CHANGE_RELEASED': 'keyChangeReleased',
};

/** Problems about a value the seller typed, whose field the server does not name. */
const fieldOfProblem: Partial<Record<string, string>> = { 'PREPAYMENT.METER_NOT_FOUND': 'pan' };

/** Returns the message of a vending problem in the user's language, or undefined for another error. */
export function describeVendingProblem(error: unknown, t: TFunction): string | undefined {
  if (!(error instanceof ApiError) || error.code === undefined) return undefined;
  const key = vendingMessageKeys[error.code];
  return key === undefined ? undefined : t(`vending.errors.${key}`);
}

/**
 * Rewords a vending problem in the user's language, for a form to show. The message goes in the form's
 * alert, or next to each field that the problem names, so that a seller reads it where the value to
 * change is. Any other error comes back as it is.
 */
export function localizeVendingError(error: unknown, t: TFunction): unknown {
  const message = describeVendingProblem(error, t);
  if (message === undefined || !(error instanceof ApiError)) return error;
  const paths = new Set(error.fieldErrors.map((fieldError) => fieldError.path));
  const field = error.code === undefined ? undefined : fieldOfProblem[error.code];
  if (field !== undefined) paths.add(field);
  return new ApiError(
    error.status,
    message,
    error.code,
    [...paths].map((path) => ({ path, message })),
  );
}
