import type { Account } from '../screens/accounts/account-types.js';
import { api } from './client.js';
import type { Page } from './types.js';

/**
 * Finds the account whose number is exactly `accountNumber`, or undefined. The search also returns
 * numbers that start with the text and customers whose name contains it. Sorted by number, the exact
 * number comes before the longer ones, so the first few results hold it.
 */
export async function findAccountByNumber(accountNumber: string): Promise<Account | undefined> {
  const accounts = await api<Page<Account>>('/v1/accounts', {
    query: { search: accountNumber, sort: 'accountNumber:asc', limit: 5 },
  });
  return accounts.items.find((item) => item.accountNumber === accountNumber);
}
