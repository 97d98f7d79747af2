import { sql } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';

/** Sums the receivable posting lines of an account (optionally of postings dated before `before`). */
export async function selectReceivableBalance(
  db: DbOrTrx,
  companyId: string,
  accountId: string,
  before?: string,
): Promise<bigint> {
  const result = await sql<{ balance_minor: string }>`
    select coalesce(sum(l.amount_minor), 0)::text as balance_minor
      from ledger.posting_line l
      join ledger.posting p on p.company_id = l.company_id and p.id = l.posting_id
     where l.company_id = ${companyId}
       and l.account_id = ${accountId}
       and l.ledger_account = 'receivable'
       ${before === undefined ? sql`` : sql`and p.accounting_date < ${before}`}
  `.execute(db);
  return BigInt(result.rows[0]?.balance_minor ?? '0');
}

/**
 * Computes the account's credit: what its posted payments brought in and the debt that its vends not
 * reversed recovered, less what is allocated to issued invoices. Allocations still active on a cancelled
 * invoice count as credit, because the credit note has taken that invoice off the balance. The amount of
 * an issued invoice with a negative total counts as credit too.
 *
 * NOTE: the recovered debt is the sum of the vends' debt-recovery receipt lines, read from the prepayment
 * module's tables as the allocations of payments are read from the payments module's.
 */
export async function selectAccountCredit(
  db: DbOrTrx,
  companyId: string,
  accountId: string,
): Promise<bigint> {
  const result = await sql<{ credit_minor: string }>`
    select (
      (select coalesce(sum(amount_minor), 0) from payments.payment
        where company_id = ${companyId} and account_id = ${accountId} and status = 'posted')
      + (select coalesce(sum(l.amount_minor), 0)
           from prepayment.vend v
           join prepayment.vend_line l on l.company_id = v.company_id and l.vend_id = v.id
          where v.company_id = ${companyId} and v.account_id = ${accountId} and v.status <> 'reversed'
            and l.kind = 'debt-recovery')
      - (select coalesce(sum(a.amount_minor), 0)
           from payments.payment_allocation a
           join billing.bill b on b.company_id = a.company_id and b.id = a.bill_id
          where a.company_id = ${companyId} and b.account_id = ${accountId} and a.status = 'active'
            and b.kind = 'invoice' and b.status = 'issued')
      + (select coalesce(sum(-total_minor), 0) from billing.bill
          where company_id = ${companyId} and account_id = ${accountId} and kind = 'invoice'
            and status = 'issued' and total_minor < 0)
    )::text as credit_minor
  `.execute(db);
  return BigInt(result.rows[0]?.credit_minor ?? '0');
}
