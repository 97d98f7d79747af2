import { assertPermission } from '../../../platform/auth/assert-permission.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import type { Account } from '../domain/account.js';
import type { CreateAccountInput } from '../domain/account-schemas.js';
import { createAccounts } from './create-accounts.js';

/** Opens one account for an existing customer, with a given or a generated account number. */
export async function createAccount(
  db: DbOrTrx,
  context: RequestContext,
  input: CreateAccountInput,
): Promise<Account> {
  assertPermission(context, 'customers:write');
  const [account] = await createAccounts(db, context, [input]);
  if (!account) throw new Error('Creating one account returned no account.');
  return account;
}
