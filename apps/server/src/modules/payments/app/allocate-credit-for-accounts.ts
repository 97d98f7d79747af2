import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { RequestContext, Trx } from '../../../platform/context/request-context.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { computeAllocations, lockAccounts, selectOutstandingInvoices } from '../../ledger/index.js';
import {
  insertAllocations,
  releaseAllocationsOnCancelledBills,
  selectAccountsWithCredit,
  selectUnallocatedCredit,
  type AllocationRecord,
} from '../db/allocation-store.js';
import {
  allocationEvents,
  createdAllocationAudit,
  releasedAllocationAudit,
  sourceKey,
} from './describe-allocations.js';

export type CreditAllocation = {
  /** Allocations created, each settling part or all of one open item. */
  allocations: AllocationRecord[];
  /** Allocations released because their invoice had been cancelled; their money was allocated again. */
  released: AllocationRecord[];
};

/**
 * Applies the unallocated money of the accounts to their open items, oldest money to oldest item, in the
 * caller's transaction. The money is that of posted payments and the debt that vends recovered (see
 * selectUnallocatedCredit). Set-based: a fixed number of statements for any number of accounts, so a
 * bill run can call it once per chunk right after issuing the chunk's bills.
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
  const credits = invoices.length === 0 ? [] : await selectUnallocatedCredit(trx, context.companyId, locked);
  const allocations = await insertAllocations(trx, context.companyId, computeAllocations(invoices, credits));

  await recordAudit(trx, context, [
    ...releasedAllocationAudit(released, 'bill-cancelled'),
    ...createdAllocationAudit(allocations),
  ]);
  const accountOf = new Map(credits.map((credit) => [sourceKey(credit), credit.accountId]));
  await enqueueEvents(trx, context, allocationEvents(allocations, accountOf));
  return { allocations, released };
}

/**
 * Returns which of the accounts have a payment or a vend's recovered debt with money not allocated to a
 * standing bill, the only accounts for which allocateCreditForAccounts can change anything. Callers lock
 * the accounts first, so the result stays valid until their transaction ends.
 */
export async function findAccountsWithCredit(
  trx: Trx,
  context: RequestContext,
  accountIds: readonly string[],
): Promise<string[]> {
  return selectAccountsWithCredit(trx, context.companyId, accountIds);
}
