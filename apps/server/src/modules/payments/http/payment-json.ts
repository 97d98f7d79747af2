import { z } from 'zod';
import type { Payment } from '../domain/payment.js';
import { paymentMethods } from '../domain/payment.js';

/** Amounts travel as strings of minor units ("12345" is 123.45 EUR), never as JSON numbers. */
export const minorAmountSchema = z
  .string()
  .regex(/^-?\d+$/)
  .describe('Amount in minor units of the currency, as a string');

export const paymentAllocationSchema = z
  .object({
    id: z.uuid(),
    billId: z.uuid(),
    invoiceNumber: z.string().nullable(),
    amountMinor: minorAmountSchema,
    status: z.enum(['active', 'released']),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'PaymentAllocation' });

export const paymentSchema = z
  .object({
    id: z.uuid(),
    accountId: z.uuid(),
    amountMinor: minorAmountSchema,
    currency: z.string().length(3),
    receivedOn: z.iso.date(),
    method: z.enum(paymentMethods),
    reference: z.string().nullable(),
    idempotencyKey: z.string(),
    status: z.enum(['posted', 'reversed']),
    reversedAt: z.iso.datetime().nullable(),
    reversalReason: z.string().nullable(),
    createdAt: z.iso.datetime(),
    allocatedMinor: minorAmountSchema,
    unallocatedMinor: minorAmountSchema.describe('Part of the payment left as account credit'),
    allocations: z.array(paymentAllocationSchema),
  })
  .meta({ id: 'Payment' });

export type PaymentJson = z.infer<typeof paymentSchema>;

export function toPaymentJson(payment: Payment): PaymentJson {
  return {
    ...payment,
    amountMinor: payment.amountMinor.toString(),
    allocatedMinor: payment.allocatedMinor.toString(),
    unallocatedMinor: payment.unallocatedMinor.toString(),
    allocations: payment.allocations.map((allocation) => ({
      ...allocation,
      amountMinor: allocation.amountMinor.toString(),
    })),
  };
}
