import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { assertUuid } from '../domain/assert-uuid.js';
import {
  selectAccountRefById,
  selectAccountRefByNumber,
  type AccountRef,
} from '../db/select-account-refs.js';

/** Returns the account with its company's currency settings, or throws LEDGER.ACCOUNT_NOT_FOUND. */
export async function getAccountRef(db: DbOrTrx, companyId: string, accountId: string): Promise<AccountRef> {
  assertUuid(accountId, 'accountId', 'LEDGER.INVALID_ACCOUNT_ID');
  const account = await selectAccountRefById(db, companyId, accountId);
  if (!account) {
    throw notFound('LEDGER.ACCOUNT_NOT_FOUND', `Account ${accountId} does not exist in this company.`);
  }
  return account;
}

/** Returns the account with the given account number, or throws LEDGER.ACCOUNT_NOT_FOUND. */
export async function getAccountRefByNumber(
  db: DbOrTrx,
  companyId: string,
  accountNumber: string,
): Promise<AccountRef> {
  const account = await selectAccountRefByNumber(db, companyId, accountNumber.trim());
  if (!account) {
    throw notFound(
      'LEDGER.ACCOUNT_NOT_FOUND',
      `Account number "${accountNumber}" does not exist in this company; check the number.`,
    );
  }
  return account;
}
