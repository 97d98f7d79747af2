import { sql } from 'kysely';
import type { Trx } from '../../../platform/context/request-context.js';

/**
 * Locks the rows of the given customer accounts until the transaction ends and returns the ids that
 * exist in the company. Every writer that changes what an account owes or has paid (payment posting,
 * reversal, credit allocation, bill issue and cancellation) takes this lock first, so two of them never
 * allocate against the same open items at once.
 *
 * `for no key update` conflicts with itself but not with the `for key share` locks that foreign-key
 * checks take, so inserting rows that reference the account is not blocked. The rows are locked in id
 * order, so two callers locking overlapping sets cannot deadlock each other.
 */
export async function lockAccounts(
  trx: Trx,
  companyId: string,
  accountIds: readonly string[],
): Promise<Set<string>> {
  if (accountIds.length === 0) return new Set();
  const result = await sql<{ id: string }>`
    select id from customers.account
     where company_id = ${companyId} and id = any(${[...new Set(accountIds)]}::uuid[])
     order by id
       for no key update
  `.execute(trx);
  return new Set(result.rows.map((row) => row.id));
}
