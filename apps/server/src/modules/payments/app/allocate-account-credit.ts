import type { RequestContext, Trx } from '../../../platform/context/request-context.js';
import { getAccountRef } from '../../ledger/index.js';
import { allocateCreditForAccounts, type CreditAllocation } from './allocate-credit-for-accounts.js';

/**
 * Applies the account's unallocated payments to its open items oldest first, in the caller's
 * transaction. Billing calls it right after issuing a bill to an account that has credit.
 */
export async function allocateAccountCredit(
  trx: Trx,
  context: RequestContext,
  accountId: string,
): Promise<CreditAllocation> {
  await getAccountRef(trx, context.companyId, accountId);
  return allocateCreditForAccounts(trx, context, [accountId]);
}
