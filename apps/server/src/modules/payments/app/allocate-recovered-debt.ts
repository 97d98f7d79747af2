import { recordAudit, type AuditEntry } from '../../../platform/audit/record-audit.js';
import type { RequestContext, Trx } from '../../../platform/context/request-context.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { computeAllocations, lockAccounts, selectOutstandingInvoices } from '../../ledger/index.js';
import {
  insertAllocations,
  releaseAllocationsOfVend,
  type AllocationRecord,
} from '../db/allocation-store.js';
import {
  allocationEvents,
  createdAllocationAudit,
  releasedAllocationAudit,
  sourceKey,
} from './describe-allocations.js';

/** The debt that one prepaid vend recovered from its account. */
export type RecoveredDebt = {
  vendId: string;
  accountId: string;
  /** The amount that the vend's posting credited to the account's receivable, in minor units. */
  amountMinor: bigint;
  /** The request that sold the vend, for the audit rows of its allocations; else the call's request. */
  madeBy?: AuditEntry['madeBy'];
};

/**
 * Allocates the debt that vends recovered to their accounts' open items, oldest item first, in the vends'
 * own transaction, as a payment is allocated when it is posted. The vends' amounts are allocated in the
 * order given. What the open items cannot take stays unallocated, as the account's credit, until
 * allocateCreditForAccounts applies it to the next bill.
 *
 * Set-based: five statements for a batch of any size (lock, open items, allocations, audit, events), and
 * none when no vend recovered debt. It locks the accounts first (see lockAccounts), like every writer of
 * allocations. A vend that recovers debt read the balance under that lock already, so it waits for nothing.
 */
export async function allocateRecoveredDebt(
  trx: Trx,
  context: RequestContext,
  recoveries: readonly RecoveredDebt[],
): Promise<AllocationRecord[]> {
  const credits = recoveries.filter((recovery) => recovery.amountMinor > 0n);
  if (credits.length === 0) return [];
  const locked = [
    ...(await lockAccounts(
      trx,
      context.companyId,
      credits.map((credit) => credit.accountId),
    )),
  ];
  const invoices = await selectOutstandingInvoices(trx, context.companyId, locked);
  const drafts = computeAllocations(
    invoices,
    credits.map((credit) => ({
      vendId: credit.vendId,
      accountId: credit.accountId,
      unallocatedMinor: credit.amountMinor,
    })),
  );
  const allocations = await insertAllocations(trx, context.companyId, drafts);

  const byVend = new Map(credits.map((credit) => [sourceKey({ vendId: credit.vendId }), credit]));
  await recordAudit(
    trx,
    context,
    createdAllocationAudit(allocations, (source) => byVend.get(sourceKey(source))?.madeBy),
  );
  const accountOf = new Map([...byVend].map(([key, credit]) => [key, credit.accountId]));
  await enqueueEvents(trx, context, allocationEvents(allocations, accountOf));
  return allocations;
}

/**
 * Releases the allocations of the debt that a vend recovered, in the transaction that reverses the vend,
 * so the open items they settled are open again, and records each release in the audit trail. Locks the
 * account first, so that no allocation of the account runs meanwhile (see lockAccounts). Returns the
 * allocations released.
 */
export async function releaseRecoveredDebt(
  trx: Trx,
  context: RequestContext,
  vend: { vendId: string; accountId: string },
): Promise<AllocationRecord[]> {
  await lockAccounts(trx, context.companyId, [vend.accountId]);
  const released = await releaseAllocationsOfVend(trx, context.companyId, vend.vendId);
  await recordAudit(trx, context, releasedAllocationAudit(released, 'vend-reversed'));
  return released;
}
