import { sql } from 'kysely';
import { expect } from 'vitest';
import {
  getAccountBalance,
  getAccountCredit,
  getAccountSummary,
  listOpenItems,
} from '../../src/modules/ledger/index.js';
import type { Db } from '../../src/platform/context/request-context.js';

/**
 * Asserts that an account's ledger, open items and payments agree. The balance equals the sum of the
 * account's receivable posting lines and equals sum(open items) − credit. Every posting of the account
 * balances, no invoice, payment or vend's recovered debt is over-allocated, and reversed payments and
 * vends keep no active allocation.
 * Returns the numbers it checked, for further assertions.
 */
export async function assertLedgerConsistent(
  db: Db,
  companyId: string,
  accountId: string,
  asOf = '2026-12-31',
): Promise<{ balanceMinor: bigint; creditMinor: bigint; openItemsTotalMinor: bigint }> {
  const receivable = await sql<{ total: string }>`
    select coalesce(sum(amount_minor), 0)::text as total from ledger.posting_line
     where company_id = ${companyId} and account_id = ${accountId} and ledger_account = 'receivable'
  `.execute(db);
  const receivableMinor = BigInt(receivable.rows[0]!.total);

  const balanceMinor = await getAccountBalance(db, companyId, accountId);
  const creditMinor = await getAccountCredit(db, companyId, accountId);
  const openItems = await listOpenItems(db, companyId, accountId, asOf);
  const openItemsTotalMinor = openItems.reduce((sum, item) => sum + item.outstandingMinor, 0n);

  expect(balanceMinor, 'balance = sum of receivable lines').toBe(receivableMinor);
  expect(balanceMinor, 'balance = open items − credit').toBe(openItemsTotalMinor - creditMinor);
  expect(creditMinor >= 0n, `credit ${creditMinor} is not negative`).toBe(true);
  for (const item of openItems) {
    expect(
      item.outstandingMinor > 0n && item.outstandingMinor <= item.totalMinor,
      `open item ${item.invoiceNumber}`,
    ).toBe(true);
  }

  const summary = await getAccountSummary(db, companyId, accountId, asOf);
  expect(summary.balanceMinor, 'summary balance').toBe(balanceMinor);
  expect(summary.creditMinor, 'summary credit').toBe(creditMinor);
  expect(summary.openItemsTotalMinor, 'summary open items').toBe(openItemsTotalMinor);

  const unbalanced = await sql<{ posting_id: string }>`
    select l.posting_id from ledger.posting_line l
      join ledger.posting p on p.company_id = l.company_id and p.id = l.posting_id
     where p.company_id = ${companyId} and p.account_id = ${accountId}
     group by l.posting_id having sum(l.amount_minor) <> 0
  `.execute(db);
  expect(unbalanced.rows, 'unbalanced postings').toEqual([]);

  const overAllocatedBills = await sql<{ id: string }>`
    select b.id from billing.bill b
      join payments.payment_allocation a on a.company_id = b.company_id and a.bill_id = b.id and a.status = 'active'
     where b.company_id = ${companyId} and b.account_id = ${accountId}
     group by b.company_id, b.id having sum(a.amount_minor) > b.total_minor
  `.execute(db);
  expect(overAllocatedBills.rows, 'over-allocated bills').toEqual([]);

  const overAllocatedPayments = await sql<{ id: string }>`
    select p.id from payments.payment p
      join payments.payment_allocation a on a.company_id = p.company_id and a.payment_id = p.id and a.status = 'active'
     where p.company_id = ${companyId} and p.account_id = ${accountId}
     group by p.company_id, p.id having sum(a.amount_minor) > p.amount_minor or bool_or(p.status = 'reversed')
  `.execute(db);
  expect(overAllocatedPayments.rows, 'over-allocated or reversed payments with active allocations').toEqual(
    [],
  );

  const overAllocatedVends = await sql<{ id: string }>`
    select v.id from prepayment.vend v
      join payments.payment_allocation a on a.company_id = v.company_id and a.vend_id = v.id and a.status = 'active'
     where v.company_id = ${companyId} and v.account_id = ${accountId}
     group by v.company_id, v.id
    having sum(a.amount_minor) > (
             select coalesce(sum(l.amount_minor), 0) from prepayment.vend_line l
              where l.company_id = v.company_id and l.vend_id = v.id and l.kind = 'debt-recovery')
        or bool_or(v.status = 'reversed')
  `.execute(db);
  expect(overAllocatedVends.rows, 'vends allocating more than they recovered, or reversed').toEqual([]);

  return { balanceMinor, creditMinor, openItemsTotalMinor };
}
