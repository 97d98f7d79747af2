import type { PaymentMethod } from '../../../platform/db/schema.js';

export type { PaymentMethod };

export const paymentMethods: readonly PaymentMethod[] = [
  'cash',
  'transfer',
  'direct-debit',
  'card',
  'cheque',
];

export type PaymentStatus = 'posted' | 'reversed';

/** The part of a payment applied to one invoice; `released` once the payment is reversed or the invoice cancelled. */
export type PaymentAllocation = {
  id: string;
  billId: string;
  invoiceNumber: string | null;
  amountMinor: bigint;
  status: 'active' | 'released';
  createdAt: string;
};

export type Payment = {
  id: string;
  accountId: string;
  amountMinor: bigint;
  currency: string;
  receivedOn: string;
  method: PaymentMethod;
  reference: string | null;
  idempotencyKey: string;
  status: PaymentStatus;
  reversedAt: string | null;
  reversalReason: string | null;
  createdAt: string;
  allocations: PaymentAllocation[];
  /** Sum of the active allocations. */
  allocatedMinor: bigint;
  /** Part of the payment left as account credit: zero once reversed. */
  unallocatedMinor: bigint;
};

/** A payment as lists show it: without its allocations, but with their active total. */
export type PaymentSummary = Omit<Payment, 'allocations'>;

/** A payment as the payment list and its CSV show it: its summary and its account's number. */
export type PaymentListItem = PaymentSummary & { accountNumber: string };

/** The request to record a payment received from a customer. */
export type PaymentRequest = {
  accountId: string;
  /** Amount in the currency's minor units; must be positive. */
  amountMinor: bigint;
  currency: string;
  /** Date the money was received ('YYYY-MM-DD'); defaults to today in the company's time zone. */
  receivedOn?: string | undefined;
  method: PaymentMethod;
  reference?: string | undefined;
  /** Client-chosen key, unique per company: the same key with the same request returns the same payment. */
  idempotencyKey: string;
};

/** The result of posting or reversing: `replayed` is true when an earlier request with the same key did the work. */
export type PaymentResult = { payment: Payment; replayed: boolean };
