import { compareOpenItems } from './compare-open-items.js';
import type { OutstandingInvoice } from './open-item.js';

/** A posted payment with an amount not yet allocated to any invoice. */
export type UnallocatedPayment = { paymentId: string; accountId: string; unallocatedMinor: bigint };

export type AllocationDraft = { paymentId: string; billId: string; accountId: string; amountMinor: bigint };

/**
 * Matches unallocated payment amounts to outstanding invoices of the same account: the payments in the
 * order given (callers pass them oldest first) settle the invoices oldest first (see compareOpenItems).
 * No invoice receives more than it has outstanding and no payment gives more than it has unallocated;
 * what remains of a payment stays unallocated as account credit.
 */
export function computeAllocations(
  invoices: readonly OutstandingInvoice[],
  payments: readonly UnallocatedPayment[],
): AllocationDraft[] {
  const invoicesByAccount = new Map<string, { billId: string; remainingMinor: bigint }[]>();
  for (const invoice of [...invoices].sort(compareOpenItems)) {
    if (invoice.outstandingMinor <= 0n) continue;
    const queue = invoicesByAccount.get(invoice.accountId) ?? [];
    queue.push({ billId: invoice.billId, remainingMinor: invoice.outstandingMinor });
    invoicesByAccount.set(invoice.accountId, queue);
  }

  const allocations: AllocationDraft[] = [];
  for (const payment of payments) {
    const queue = invoicesByAccount.get(payment.accountId);
    let availableMinor = payment.unallocatedMinor;
    while (queue && queue.length > 0 && availableMinor > 0n) {
      const invoice = queue[0]!;
      const amountMinor = availableMinor < invoice.remainingMinor ? availableMinor : invoice.remainingMinor;
      allocations.push({
        paymentId: payment.paymentId,
        billId: invoice.billId,
        accountId: payment.accountId,
        amountMinor,
      });
      availableMinor -= amountMinor;
      invoice.remainingMinor -= amountMinor;
      if (invoice.remainingMinor === 0n) queue.shift();
    }
  }
  return allocations;
}
