import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { selectAccountCredit } from '../db/select-account-money.js';
import { getAccountRef } from './get-account-ref.js';

/**
 * Returns the account's credit in minor units: the part of its posted payments and of the debt its vends
 * recovered that is not allocated to an issued invoice, including allocations left on an invoice that a
 * credit note has cancelled.
 */
export async function getAccountCredit(db: DbOrTrx, companyId: string, accountId: string): Promise<bigint> {
  await getAccountRef(db, companyId, accountId);
  return selectAccountCredit(db, companyId, accountId);
}
