import { compareOpenItems } from './compare-open-items.js';
import type { OutstandingInvoice } from './open-item.js';

/**
 * The money that an allocation applies to an open item: a posted payment, or the debt that a prepaid
 * vend recovered (its posting credited the account's receivable). Exactly one of the two ids is set.
 */
export type AllocationSource =
  { paymentId: string; vendId?: undefined } | { vendId: string; paymentId?: undefined };

/** A source with an amount not yet allocated to any invoice. */
export type UnallocatedCredit = AllocationSource & { accountId: string; unallocatedMinor: bigint };

export type AllocationDraft = AllocationSource & { billId: string; accountId: string; amountMinor: bigint };

/**
 * Matches unallocated amounts to outstanding invoices of the same account: the sources in the order given
 * (callers pass them oldest first) settle the invoices oldest first (see compareOpenItems). No invoice
 * receives more than it has outstanding and no source gives more than it has unallocated. What remains of
 * a source stays unallocated as account credit.
 */
export function computeAllocations(
  invoices: readonly OutstandingInvoice[],
  credits: readonly UnallocatedCredit[],
): AllocationDraft[] {
  const invoicesByAccount = new Map<string, { billId: string; remainingMinor: bigint }[]>();
  for (const invoice of [...invoices].sort(compareOpenItems)) {
    if (invoice.outstandingMinor <= 0n) continue;
    const queue = invoicesByAccount.get(invoice.accountId) ?? [];
    queue.push({ billId: invoice.billId, remainingMinor: invoice.outstandingMinor });
    invoicesByAccount.set(invoice.accountId, queue);
  }

  const allocations: AllocationDraft[] = [];
  for (const credit of credits) {
    const queue = invoicesByAccount.get(credit.accountId);
    const source = allocationSourceOf(credit);
    let availableMinor = credit.unallocatedMinor;
    while (queue && queue.length > 0 && availableMinor > 0n) {
      const invoice = queue[0]!;
      const amountMinor = availableMinor < invoice.remainingMinor ? availableMinor : invoice.remainingMinor;
      allocations.push({ ...source, billId: invoice.billId, accountId: credit.accountId, amountMinor });
      availableMinor -= amountMinor;
      invoice.remainingMinor -= amountMinor;
      if (invoice.remainingMinor === 0n) queue.shift();
    }
  }
  return allocations;
}

/** Returns the source's id alone, without the fields of the record that carries it. */
export function allocationSourceOf(source: AllocationSource): AllocationSource {
  return source.paymentId !== undefined ? { paymentId: source.paymentId } : { vendId: source.vendId };
}

/**
 * Reads the source of a stored allocation from its payment_id and vend_id columns, of which the table's
 * check constraint lets exactly one be set.
 */
export function readAllocationSource(
  allocationId: string,
  paymentId: string | null,
  vendId: string | null,
): AllocationSource {
  if (paymentId !== null) return { paymentId };
  if (vendId !== null) return { vendId };
  throw new Error(`Payment allocation ${allocationId} has neither a payment nor a vend.`);
}
