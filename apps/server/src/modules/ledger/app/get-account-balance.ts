import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { selectReceivableBalance } from '../db/select-account-money.js';
import { getAccountRef } from './get-account-ref.js';

/**
 * Returns the account's balance: the sum of its receivable posting lines in minor units. Positive means
 * the customer owes; negative means the company owes the customer (unallocated credit).
 */
export async function getAccountBalance(db: DbOrTrx, companyId: string, accountId: string): Promise<bigint> {
  await getAccountRef(db, companyId, accountId);
  return selectReceivableBalance(db, companyId, accountId);
}
