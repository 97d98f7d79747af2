import { createdFields, type AuditEntry } from '../../../platform/audit/record-audit.js';
import type { DomainEvent } from '../../../platform/outbox/enqueue-events.js';
import type { AllocationSource } from '../../ledger/index.js';
import type { AllocationRecord } from '../db/allocation-store.js';

/** The reason an allocation was released, as its audit row records it. */
export type ReleaseReason = 'bill-cancelled' | 'payment-reversed' | 'vend-reversed';

/** A key of the source that is unique across payments and vends, such as `vend:3f2a…`. */
export function sourceKey(source: AllocationSource): string {
  return source.paymentId !== undefined ? `payment:${source.paymentId}` : `vend:${source.vendId}`;
}

/**
 * Builds the audit rows of new allocations. `madeByOf` names the request behind a source's allocations,
 * where one call allocates the money of several requests (a batch of vends); else the call's request.
 */
export function createdAllocationAudit(
  allocations: readonly AllocationRecord[],
  madeByOf: (source: AllocationSource) => AuditEntry['madeBy'] = () => undefined,
): AuditEntry[] {
  return allocations.map((allocation) => {
    const madeBy = madeByOf(allocation);
    const source =
      allocation.paymentId !== undefined
        ? { payment_id: allocation.paymentId }
        : { vend_id: allocation.vendId };
    return {
      entityType: 'payment_allocation',
      entityId: allocation.id,
      action: 'create',
      changes: createdFields({
        ...source,
        bill_id: allocation.billId,
        amount_minor: allocation.amountMinor.toString(),
        status: 'active',
      }),
      ...(madeBy === undefined ? {} : { madeBy }),
    };
  });
}

/** Builds the audit rows of released allocations. */
export function releasedAllocationAudit(
  released: readonly AllocationRecord[],
  reason: ReleaseReason,
): AuditEntry[] {
  return released.map((allocation) => ({
    entityType: 'payment_allocation',
    entityId: allocation.id,
    action: 'update',
    changes: { status: ['active', 'released'], reason: [null, reason] },
  }));
}

/**
 * Builds one event per source of the allocations: `payment.allocated` for a payment and
 * `prepaid-vend.debt-allocated` for a vend's recovered debt, each listing what it settled.
 */
export function allocationEvents(
  allocations: readonly AllocationRecord[],
  accountOf: ReadonlyMap<string, string>,
): DomainEvent[] {
  const bySource = new Map<string, AllocationRecord[]>();
  for (const allocation of allocations) {
    const key = sourceKey(allocation);
    bySource.set(key, [...(bySource.get(key) ?? []), allocation]);
  }
  return [...bySource].map(([key, list]) => {
    const first = list[0]!;
    const settled = list.map((allocation) => ({
      allocationId: allocation.id,
      billId: allocation.billId,
      amountMinor: allocation.amountMinor.toString(),
    }));
    const accountId = accountOf.get(key) ?? null;
    return first.paymentId !== undefined
      ? {
          aggregateType: 'payment',
          aggregateId: first.paymentId,
          eventType: 'payment.allocated',
          payload: { paymentId: first.paymentId, accountId, allocations: settled },
        }
      : {
          aggregateType: 'prepaid-vend',
          aggregateId: first.vendId,
          eventType: 'prepaid-vend.debt-allocated',
          payload: { vendId: first.vendId, accountId, allocations: settled },
        };
  });
}
