import { invalidInput, type FieldIssue } from '../../../platform/errors/app-error.js';
import { describeInvalidDate } from '../../../platform/validation/describe-invalid-date.js';
import { paymentMethods, type PaymentMethod, type PaymentRequest } from './payment.js';

/**
 * Largest amount one payment may carry: 10^12 minor units, which is 10,000,000,000.00 in a currency with 2
 * decimals. No utility customer pays that much at once, so a larger amount is an entry or integration
 * error. The cap also keeps sums far from the bigint limit of 2^63 - 1: an account would need more than
 * 9 million payments at the cap to pass it, and the ledger's balance queries sum in SQL as numeric anyway.
 */
export const maxAmountMinor = 1_000_000_000_000n;

/** The text of the amount limit for error messages. */
export const maxAmountDescription = `at most ${maxAmountMinor} minor units (10,000,000,000.00 in a currency with 2 decimals), because a larger payment is almost surely an entry error`;
export const maxReferenceLength = 140;
export const maxIdempotencyKeyLength = 255;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const currencyPattern = /^[A-Z]{3}$/;
// Printable ASCII without spaces, as HTTP header values carry it.
const idempotencyKeyPattern = /^[\x21-\x7e]+$/;

export type ValidPaymentRequest = {
  accountId: string;
  amountMinor: bigint;
  currency: string;
  receivedOn: string | null;
  method: PaymentMethod;
  reference: string | null;
  idempotencyKey: string;
};

/**
 * Checks every field of a payment request and returns it normalised (account id in lower case, blank
 * reference as null), or throws one validation error that lists each invalid field.
 */
export function parsePaymentRequest(request: PaymentRequest): ValidPaymentRequest {
  const issues: FieldIssue[] = [];
  if (!uuidPattern.test(request.accountId)) {
    issues.push({ path: 'accountId', message: `Expected an account UUID, got "${request.accountId}".` });
  }
  if (request.amountMinor <= 0n || request.amountMinor > maxAmountMinor) {
    issues.push({
      path: 'amountMinor',
      message: `Expected a positive amount of ${maxAmountDescription}; got ${request.amountMinor}.`,
    });
  }
  if (!currencyPattern.test(request.currency)) {
    issues.push({
      path: 'currency',
      message: `Expected an ISO 4217 code such as EUR, got "${request.currency}".`,
    });
  }
  const invalidDate = request.receivedOn === undefined ? undefined : describeInvalidDate(request.receivedOn);
  if (invalidDate !== undefined) issues.push({ path: 'receivedOn', message: invalidDate });
  if (!paymentMethods.includes(request.method)) {
    issues.push({
      path: 'method',
      message: `Expected one of ${paymentMethods.join(', ')}, got "${String(request.method)}".`,
    });
  }
  const reference = request.reference?.trim() ?? '';
  if (reference.length > maxReferenceLength) {
    issues.push({
      path: 'reference',
      message: `Expected at most ${maxReferenceLength} characters, got ${reference.length}.`,
    });
  }
  issues.push(...checkIdempotencyKey(request.idempotencyKey, 'idempotencyKey'));

  if (issues.length > 0) {
    const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join(' ');
    throw invalidInput('PAYMENTS.INVALID_PAYMENT', `Invalid payment: ${summary}`, issues);
  }
  return {
    accountId: request.accountId.toLowerCase(),
    amountMinor: request.amountMinor,
    currency: request.currency,
    receivedOn: request.receivedOn ?? null,
    method: request.method,
    reference: reference === '' ? null : reference,
    idempotencyKey: request.idempotencyKey,
  };
}

/** Returns the problems of an idempotency key, naming `path`; an empty list when the key is valid. */
export function checkIdempotencyKey(key: string, path: string): FieldIssue[] {
  if (key.length === 0 || key.length > maxIdempotencyKeyLength || !idempotencyKeyPattern.test(key)) {
    return [
      {
        path,
        message: `Expected 1 to ${maxIdempotencyKeyLength} printable ASCII characters without spaces, such as a UUID; got "${key}".`,
      },
    ];
  }
  return [];
}
