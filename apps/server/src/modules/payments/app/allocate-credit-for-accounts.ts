import { recordAudit, createdFields } from '../../../platform/audit/record-audit.js';
import type { RequestContext, Trx } from '../../../platform/context/request-context.js';
import { enqueueEvents, type DomainEvent } from '../../../platform/outbox/enqueue-events.js';
import { computeAllocations, lockAccounts, selectOutstandingInvoices } from '../../ledger/index.js';
import {
  insertAllocations,
  releaseAllocationsOnCancelledBills,
  selectAccountsWithCredit,
  selectUnallocatedPayments,
  type AllocationRecord,
} from '../db/allocation-store.js';

export type CreditAllocation = {
  /** Allocations created, each settling part or all of one open item. */
  allocations: AllocationRecord[];
  /** Allocations released because their invoice had been cancelled; their money was allocated again. */
  released: AllocationRecord[];
};

/**
 * Applies the unallocated amounts of the accounts' posted payments to their open items, oldest payment
 * to oldest item, in the caller's transaction. Set-based: a fixed number of statements for any number of
 * accounts, so a bill run can call it once per chunk right after issuing the chunk's bills.
 *
 * Locks the accounts first (see lockAccounts), so concurrent payments never allocate more than an item
 * has outstanding. Accounts that do not exist in the company are skipped.
 */
export async function allocateCreditForAccounts(
  trx: Trx,
  context: RequestContext,
  accountIds: readonly string[],
): Promise<CreditAllocation> {
  const locked = [...(await lockAccounts(trx, context.companyId, accountIds))];
  if (locked.length === 0) return { allocations: [], released: [] };

  const released = await releaseAllocationsOnCancelledBills(trx, context.companyId, locked);
  const invoices = await selectOutstandingInvoices(trx, context.companyId, locked);
  const payments =
    invoices.length === 0 ? [] : await selectUnallocatedPayments(trx, context.companyId, locked);
  const allocations = await insertAllocations(trx, context.companyId, computeAllocations(invoices, payments));

  await recordAudit(trx, context, [
    ...released.map((allocation) => ({
      entityType: 'payment_allocation',
      entityId: allocation.id,
      action: 'update' as const,
      changes: { status: ['active', 'released'], reason: [null, 'bill-cancelled'] },
    })),
    ...allocations.map((allocation) => ({
      entityType: 'payment_allocation',
      entityId: allocation.id,
      action: 'create' as const,
      changes: createdFields({
        payment_id: allocation.paymentId,
        bill_id: allocation.billId,
        amount_minor: allocation.amountMinor.toString(),
        status: 'active',
      }),
    })),
  ]);
  await enqueueEvents(trx, context, allocationEvents(allocations, payments));
  return { allocations, released };
}

function allocationEvents(
  allocations: readonly AllocationRecord[],
  payments: readonly { paymentId: string; accountId: string }[],
): DomainEvent[] {
  const accountOfPayment = new Map(payments.map((payment) => [payment.paymentId, payment.accountId]));
  const byPayment = new Map<string, AllocationRecord[]>();
  for (const allocation of allocations) {
    byPayment.set(allocation.paymentId, [...(byPayment.get(allocation.paymentId) ?? []), allocation]);
  }
  return [...byPayment].map(([paymentId, list]) => ({
    aggregateType: 'payment',
    aggregateId: paymentId,
    eventType: 'payment.allocated',
    payload: {
      paymentId,
      accountId: accountOfPayment.get(paymentId) ?? null,
      allocations: list.map((allocation) => ({
        allocationId: allocation.id,
        billId: allocation.billId,
        amountMinor: allocation.amountMinor.toString(),
      })),
    },
  }));
}

/**
 * Returns which of the accounts have a payment with money not allocated to a standing bill, the only
 * accounts for which allocateCreditForAccounts can change anything. Callers lock the accounts first, so
 * the result stays valid until their transaction ends.
 */
export async function findAccountsWithCredit(
  trx: Trx,
  context: RequestContext,
  accountIds: readonly string[],
): Promise<string[]> {
  return selectAccountsWithCredit(trx, context.companyId, accountIds);
}
