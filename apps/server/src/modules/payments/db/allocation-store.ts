import { sql } from 'kysely';
import type { Trx } from '../../../platform/context/request-context.js';
import type { AllocationDraft, UnallocatedPayment } from '../../ledger/index.js';

export type AllocationRecord = { id: string; paymentId: string; billId: string; amountMinor: bigint };

type AllocationRecordRow = { id: string; payment_id: string; bill_id: string; amount_minor: string };

function toRecord(row: AllocationRecordRow): AllocationRecord {
  return {
    id: row.id,
    paymentId: row.payment_id,
    billId: row.bill_id,
    amountMinor: BigInt(row.amount_minor),
  };
}

/** Selects the posted payments of the accounts that still hold an unallocated amount, oldest first. */
export async function selectUnallocatedPayments(
  trx: Trx,
  companyId: string,
  accountIds: readonly string[],
): Promise<UnallocatedPayment[]> {
  if (accountIds.length === 0) return [];
  const result = await sql<{ id: string; account_id: string; unallocated_minor: string }>`
    select p.id, p.account_id, (p.amount_minor - coalesce(sum(a.amount_minor), 0))::text as unallocated_minor
      from payments.payment p
      left join payments.payment_allocation a
        on a.company_id = p.company_id and a.payment_id = p.id and a.status = 'active'
     where p.company_id = ${companyId}
       and p.account_id = any(${[...accountIds]}::uuid[])
       and p.status = 'posted'
     group by p.company_id, p.id
    having p.amount_minor > coalesce(sum(a.amount_minor), 0)
     order by p.received_on, p.created_at, p.id
  `.execute(trx);
  return result.rows.map((row) => ({
    paymentId: row.id,
    accountId: row.account_id,
    unallocatedMinor: BigInt(row.unallocated_minor),
  }));
}

/**
 * Selects which of the accounts have credit to allocate: a posted payment whose active allocations to
 * bills that still stand (not cancelled) add up to less than its amount. For other accounts,
 * allocateCreditForAccounts would find nothing to do.
 */
export async function selectAccountsWithCredit(
  trx: Trx,
  companyId: string,
  accountIds: readonly string[],
): Promise<string[]> {
  if (accountIds.length === 0) return [];
  const result = await sql<{ account_id: string }>`
    select distinct p.account_id
      from payments.payment p
     where p.company_id = ${companyId}
       and p.account_id = any(${[...accountIds]}::uuid[])
       and p.status = 'posted'
       and p.amount_minor > coalesce((
         select sum(a.amount_minor)
           from payments.payment_allocation a
           join billing.bill b on b.company_id = a.company_id and b.id = a.bill_id
          where a.company_id = p.company_id and a.payment_id = p.id and a.status = 'active'
            and b.status <> 'cancelled'
       ), 0)
  `.execute(trx);
  return result.rows.map((row) => row.account_id);
}

/** Inserts allocations with one statement whatever their number (each column travels as one array). */
export async function insertAllocations(
  trx: Trx,
  companyId: string,
  drafts: readonly AllocationDraft[],
): Promise<AllocationRecord[]> {
  if (drafts.length === 0) return [];
  const result = await sql<AllocationRecordRow>`
    insert into payments.payment_allocation (company_id, payment_id, bill_id, amount_minor)
    select ${companyId}::uuid, payment_id, bill_id, amount_minor
      from unnest(${drafts.map((draft) => draft.paymentId)}::uuid[],
                  ${drafts.map((draft) => draft.billId)}::uuid[],
                  ${drafts.map((draft) => draft.amountMinor.toString())}::bigint[])
           as v(payment_id, bill_id, amount_minor)
    returning id, payment_id, bill_id, amount_minor::text
  `.execute(trx);
  return result.rows.map(toRecord);
}

/** Releases the active allocations of a payment (on reversal) and returns them. */
export async function releaseAllocationsOfPayment(
  trx: Trx,
  companyId: string,
  paymentId: string,
): Promise<AllocationRecord[]> {
  const result = await sql<AllocationRecordRow>`
    update payments.payment_allocation
       set status = 'released'
     where company_id = ${companyId} and payment_id = ${paymentId} and status = 'active'
    returning id, payment_id, bill_id, amount_minor::text
  `.execute(trx);
  return result.rows.map(toRecord);
}

/**
 * Releases the active allocations on cancelled invoices of the accounts and returns them: a credit note
 * has taken such an invoice off the balance, so the money allocated to it becomes credit again.
 */
export async function releaseAllocationsOnCancelledBills(
  trx: Trx,
  companyId: string,
  accountIds: readonly string[],
): Promise<AllocationRecord[]> {
  if (accountIds.length === 0) return [];
  const result = await sql<AllocationRecordRow>`
    update payments.payment_allocation a
       set status = 'released'
      from billing.bill b
     where a.company_id = ${companyId}
       and a.status = 'active'
       and b.company_id = a.company_id
       and b.id = a.bill_id
       and b.status = 'cancelled'
       and b.account_id = any(${[...accountIds]}::uuid[])
    returning a.id, a.payment_id, a.bill_id, a.amount_minor::text
  `.execute(trx);
  return result.rows.map(toRecord);
}
