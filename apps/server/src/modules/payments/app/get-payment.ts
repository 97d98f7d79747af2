import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { assertUuid } from '../../ledger/index.js';
import type { Payment } from '../domain/payment.js';
import { selectPaymentById, toPayment } from '../db/payment-store.js';

/** Returns the payment with all its allocations (active and released), or throws PAYMENTS.PAYMENT_NOT_FOUND. */
export async function getPayment(db: DbOrTrx, companyId: string, paymentId: string): Promise<Payment> {
  assertUuid(paymentId, 'paymentId', 'PAYMENTS.INVALID_PAYMENT_ID');
  const stored = await selectPaymentById(db, companyId, paymentId);
  if (!stored)
    throw notFound('PAYMENTS.PAYMENT_NOT_FOUND', `Payment ${paymentId} does not exist in this company.`);
  return toPayment(stored);
}
