import { sql } from 'kysely';
import type { Trx } from '../../../platform/context/request-context.js';
import {
  readAllocationSource,
  type AllocationDraft,
  type AllocationSource,
  type UnallocatedCredit,
} from '../../ledger/index.js';

export type AllocationRecord = AllocationSource & { id: string; billId: string; amountMinor: bigint };

type AllocationRecordRow = {
  id: string;
  payment_id: string | null;
  vend_id: string | null;
  bill_id: string;
  amount_minor: string;
};

function toRecord(row: AllocationRecordRow): AllocationRecord {
  return {
    ...readAllocationSource(row.id, row.payment_id, row.vend_id),
    id: row.id,
    billId: row.bill_id,
    amountMinor: BigInt(row.amount_minor),
  };
}

/**
 * Selects the money of the accounts that is not yet allocated, oldest first: posted payments, and the
 * debt that vends not reversed recovered (the sum of their debt-recovery receipt lines), each less its
 * active allocations. A payment and a vend of one day follow in the order they were recorded.
 *
 * NOTE: reads prepayment.vend and prepayment.vend_line, the vend's receipt, which the prepayment module
 * owns. Its debt-recovery lines are the amounts that the vend's posting credited to the receivable.
 */
export async function selectUnallocatedCredit(
  trx: Trx,
  companyId: string,
  accountIds: readonly string[],
): Promise<UnallocatedCredit[]> {
  if (accountIds.length === 0) return [];
  const accounts = [...accountIds];
  // Each row comes from one branch of the union: a payment's or a vend's.
  const result = await sql<
    ({ payment_id: string; vend_id: null } | { payment_id: null; vend_id: string }) & {
      account_id: string;
      unallocated_minor: string;
    }
  >`
    select payment_id, vend_id, account_id, unallocated_minor::text
      from (
        select p.id as payment_id, null::uuid as vend_id, p.account_id,
               p.amount_minor - coalesce(sum(a.amount_minor), 0) as unallocated_minor,
               p.received_on as credited_on, p.created_at, p.id
          from payments.payment p
          left join payments.payment_allocation a
            on a.company_id = p.company_id and a.payment_id = p.id and a.status = 'active'
         where p.company_id = ${companyId}
           and p.account_id = any(${accounts}::uuid[])
           and p.status = 'posted'
         group by p.company_id, p.id
        union all
        select null, v.id, v.account_id,
               r.recovered_minor - coalesce((
                 select sum(a.amount_minor) from payments.payment_allocation a
                  where a.company_id = v.company_id and a.vend_id = v.id and a.status = 'active'
               ), 0),
               v.accounting_date, v.issued_at, v.id
          from prepayment.vend v
          cross join lateral (
            select sum(l.amount_minor) as recovered_minor from prepayment.vend_line l
             where l.company_id = v.company_id and l.vend_id = v.id and l.kind = 'debt-recovery'
          ) r
         where v.company_id = ${companyId}
           and v.account_id = any(${accounts}::uuid[])
           and v.status <> 'reversed'
           and r.recovered_minor > 0
      ) credit
     where unallocated_minor > 0
     order by credited_on, created_at, id
  `.execute(trx);
  return result.rows.map((row) => ({
    ...(row.payment_id !== null ? { paymentId: row.payment_id } : { vendId: row.vend_id }),
    accountId: row.account_id,
    unallocatedMinor: BigInt(row.unallocated_minor),
  }));
}

/**
 * Selects which of the accounts have credit to allocate: a posted payment, or the recovered debt of a vend
 * not reversed, whose active allocations to bills that still stand (not cancelled) add up to less than
 * its amount. For other accounts, allocateCreditForAccounts would find nothing to do.
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
    union
    select v.account_id
      from prepayment.vend v
     where v.company_id = ${companyId}
       and v.account_id = any(${[...accountIds]}::uuid[])
       and v.status <> 'reversed'
       and coalesce((
         select sum(l.amount_minor) from prepayment.vend_line l
          where l.company_id = v.company_id and l.vend_id = v.id and l.kind = 'debt-recovery'
       ), 0) > coalesce((
         select sum(a.amount_minor)
           from payments.payment_allocation a
           join billing.bill b on b.company_id = a.company_id and b.id = a.bill_id
          where a.company_id = v.company_id and a.vend_id = v.id and a.status = 'active'
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
    insert into payments.payment_allocation (company_id, payment_id, vend_id, bill_id, amount_minor)
    select ${companyId}::uuid, payment_id, vend_id, bill_id, amount_minor
      from unnest(${drafts.map((draft) => draft.paymentId ?? null)}::uuid[],
                  ${drafts.map((draft) => draft.vendId ?? null)}::uuid[],
                  ${drafts.map((draft) => draft.billId)}::uuid[],
                  ${drafts.map((draft) => draft.amountMinor.toString())}::bigint[])
           as v(payment_id, vend_id, bill_id, amount_minor)
    returning id, payment_id, vend_id, bill_id, amount_minor::text
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
    returning id, payment_id, vend_id, bill_id, amount_minor::text
  `.execute(trx);
  return result.rows.map(toRecord);
}

/** Releases the active allocations of a vend's recovered debt (on the vend's reversal) and returns them. */
export async function releaseAllocationsOfVend(
  trx: Trx,
  companyId: string,
  vendId: string,
): Promise<AllocationRecord[]> {
  const result = await sql<AllocationRecordRow>`
    update payments.payment_allocation
       set status = 'released'
     where company_id = ${companyId} and vend_id = ${vendId} and status = 'active'
    returning id, payment_id, vend_id, bill_id, amount_minor::text
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
    returning a.id, a.payment_id, a.vend_id, a.bill_id, a.amount_minor::text
  `.execute(trx);
  return result.rows.map(toRecord);
}
