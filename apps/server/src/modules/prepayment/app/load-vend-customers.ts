import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { listAccountsByIds } from '../../customers/index.js';

/**
 * The customer a vend or quote is for, as a seller's receipt shows it: the account number and the customer's
 * display name, and no contact details, because a vending agent's login may not read customers.
 */
export type VendCustomer = { accountNumber: string; customerName: string };

/** Reads the account number and customer name of each account in one query, keyed by account id. */
export async function loadVendCustomers(
  db: DbOrTrx,
  context: RequestContext,
  accountIds: readonly string[],
): Promise<Map<string, VendCustomer>> {
  const accounts = await listAccountsByIds(db, context, [...new Set(accountIds)]);
  return new Map(
    accounts.map((account) => [
      account.id,
      { accountNumber: account.accountNumber, customerName: account.customerName },
    ]),
  );
}

/** Returns the account number and customer name of one account, which a vend's foreign key guarantees. */
export async function loadVendCustomer(
  db: DbOrTrx,
  context: RequestContext,
  accountId: string,
): Promise<VendCustomer> {
  const customer = (await loadVendCustomers(db, context, [accountId])).get(accountId);
  if (!customer) throw new Error(`Account ${accountId} of a vend or quote is missing.`);
  return customer;
}
