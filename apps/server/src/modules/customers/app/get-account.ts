import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { Account } from '../domain/account.js';
import { findAccount } from '../db/account-queries.js';

/** Returns the account, or throws not-found (also for another company's account id). */
export async function getAccount(db: DbOrTrx, context: RequestContext, accountId: string): Promise<Account> {
  const account = await findAccount(db, context.companyId, accountId);
  if (!account) {
    throw notFound('CUSTOMERS.ACCOUNT_NOT_FOUND', `Account ${accountId} was not found in this company.`);
  }
  return account;
}
