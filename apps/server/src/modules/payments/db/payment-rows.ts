import type { PaymentSummary } from '../domain/payment.js';

/** The payment columns a summary reads, with the sum of its active allocations as text of a bigint. */
export type PaymentSummaryRow = {
  id: string;
  account_id: string;
  amount_minor: string;
  currency: string;
  received_on: string;
  method: PaymentSummary['method'];
  reference: string | null;
  idempotency_key: string;
  status: PaymentSummary['status'];
  reversed_at: Date | null;
  reversal_reason: string | null;
  created_at: Date;
  allocated_minor: string;
};

/** Maps a payment row to its summary. A reversed payment has nothing unallocated. */
export function toPaymentSummary(row: PaymentSummaryRow): PaymentSummary {
  const amountMinor = BigInt(row.amount_minor);
  const allocated = BigInt(row.allocated_minor);
  return {
    id: row.id,
    accountId: row.account_id,
    amountMinor,
    currency: row.currency.trim(),
    receivedOn: row.received_on,
    method: row.method,
    reference: row.reference,
    idempotencyKey: row.idempotency_key,
    status: row.status,
    reversedAt: row.reversed_at?.toISOString() ?? null,
    reversalReason: row.reversal_reason,
    createdAt: row.created_at.toISOString(),
    allocatedMinor: allocated,
    unallocatedMinor: row.status === 'posted' ? amountMinor - allocated : 0n,
  };
}
