import { z } from 'zod';
import { csvMoney, type CsvColumn } from '../../../platform/http/csv.js';
import type { Payment, PaymentListItem, PaymentSummary } from '../domain/payment.js';
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

export const paymentSummarySchema = paymentSchema.omit({ allocations: true }).meta({ id: 'PaymentSummary' });

export type PaymentSummaryJson = z.infer<typeof paymentSummarySchema>;

export const paymentListItemSchema = paymentSummarySchema
  .extend({ accountNumber: z.string() })
  .meta({ id: 'PaymentListItem' });

export type PaymentListItemJson = z.infer<typeof paymentListItemSchema>;

export function toPaymentListItemJson(payment: PaymentListItem): PaymentListItemJson {
  return { ...toPaymentSummaryJson(payment), accountNumber: payment.accountNumber };
}

export function toPaymentSummaryJson(payment: PaymentSummary): PaymentSummaryJson {
  return {
    ...payment,
    amountMinor: payment.amountMinor.toString(),
    allocatedMinor: payment.allocatedMinor.toString(),
    unallocatedMinor: payment.unallocatedMinor.toString(),
  };
}

/** Payments with amounts as decimals of the company's currency, such as 123.45. */
export const paymentCsvColumns: CsvColumn<PaymentListItem>[] = [
  { header: 'id', value: (payment) => payment.id },
  { header: 'accountId', value: (payment) => payment.accountId },
  { header: 'accountNumber', value: (payment) => payment.accountNumber },
  { header: 'receivedOn', value: (payment) => payment.receivedOn },
  { header: 'method', value: (payment) => payment.method },
  { header: 'currency', value: (payment) => payment.currency },
  { header: 'amount', value: (payment) => csvMoney(payment.amountMinor) },
  { header: 'allocated', value: (payment) => csvMoney(payment.allocatedMinor) },
  { header: 'unallocated', value: (payment) => csvMoney(payment.unallocatedMinor) },
  { header: 'reference', value: (payment) => payment.reference },
  { header: 'status', value: (payment) => payment.status },
  { header: 'reversedAt', value: (payment) => payment.reversedAt },
  { header: 'reversalReason', value: (payment) => payment.reversalReason },
  { header: 'createdAt', value: (payment) => payment.createdAt },
];

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
