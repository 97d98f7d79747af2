import { Temporal } from 'temporal-polyfill';
import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import { ageingBuckets, type AgeingBucket } from '../domain/ageing.js';
import type { OpenItem } from '../domain/open-item.js';
import type { AccountRef } from '../db/select-account-refs.js';
import { selectAccountCredit, selectReceivableBalance } from '../db/select-account-money.js';
import { getAccountRef } from './get-account-ref.js';
import { listOpenItems } from './list-open-items.js';

/** Balance, credit and open items of an account on a date, with the open amount per ageing bucket. */
export type AccountSummary = {
  account: AccountRef;
  asOf: string;
  balanceMinor: bigint;
  creditMinor: bigint;
  openItemsTotalMinor: bigint;
  ageing: Record<AgeingBucket, bigint>;
  openItems: OpenItem[];
};

/**
 * Reads the account's balance, credit and open items from one snapshot (a repeatable-read transaction
 * unless the caller passes its own), so the numbers returned satisfy balance = open items − credit.
 * Items are aged as of `asOf`, by default today in the company's time zone.
 */
export async function getAccountSummary(
  db: DbOrTrx,
  companyId: string,
  accountId: string,
  asOf?: string,
): Promise<AccountSummary> {
  const read = async (trx: Trx | DbOrTrx): Promise<AccountSummary> => {
    const account = await getAccountRef(trx, companyId, accountId);
    const agedOn = asOf ?? Temporal.Now.plainDateISO(account.timeZone).toString();
    const openItems = await listOpenItems(trx, companyId, accountId, agedOn);
    const balanceMinor = await selectReceivableBalance(trx, companyId, accountId);
    const creditMinor = await selectAccountCredit(trx, companyId, accountId);
    const ageing = Object.fromEntries(ageingBuckets.map((bucket) => [bucket, 0n])) as Record<
      AgeingBucket,
      bigint
    >;
    let openItemsTotalMinor = 0n;
    for (const item of openItems) {
      ageing[item.ageingBucket] += item.outstandingMinor;
      openItemsTotalMinor += item.outstandingMinor;
    }
    return { account, asOf: agedOn, balanceMinor, creditMinor, openItemsTotalMinor, ageing, openItems };
  };
  if (db.isTransaction) return read(db);
  return db.transaction().setIsolationLevel('repeatable read').execute(read);
}
