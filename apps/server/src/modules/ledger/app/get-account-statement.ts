import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import { invalidInput } from '../../../platform/errors/app-error.js';
import { computeStatementEntries, type AccountStatement } from '../domain/account-statement.js';
import { assertPlainDate } from '../domain/assert-plain-date.js';
import { selectReceivableBalance } from '../db/select-account-money.js';
import { selectPostings } from '../db/select-postings.js';
import { getAccountRef } from './get-account-ref.js';

export type StatementPeriod = {
  /** First accounting date to list, inclusive; earlier postings make up the opening balance. */
  from?: string | undefined;
  /** Last accounting date to list, inclusive. */
  to?: string | undefined;
};

/**
 * Returns the account's statement: the postings of the period in ledger order, each with its receivable
 * amount and the running balance after it, read from one snapshot.
 */
export async function getAccountStatement(
  db: DbOrTrx,
  companyId: string,
  accountId: string,
  period: StatementPeriod = {},
): Promise<AccountStatement> {
  if (period.from !== undefined) assertPlainDate(period.from, 'from', 'LEDGER.INVALID_STATEMENT_PERIOD');
  if (period.to !== undefined) assertPlainDate(period.to, 'to', 'LEDGER.INVALID_STATEMENT_PERIOD');
  if (period.from !== undefined && period.to !== undefined && period.from > period.to) {
    throw invalidInput(
      'LEDGER.INVALID_STATEMENT_PERIOD',
      `from (${period.from}) must not be after to (${period.to}).`,
      [{ path: 'from', message: `Expected a date on or before ${period.to}, got ${period.from}.` }],
    );
  }

  const read = async (trx: Trx | DbOrTrx): Promise<AccountStatement> => {
    const account = await getAccountRef(trx, companyId, accountId);
    const openingBalanceMinor =
      period.from === undefined ? 0n : await selectReceivableBalance(trx, companyId, accountId, period.from);
    const postings = await selectPostings(trx, companyId, accountId, { from: period.from, to: period.to });
    const { entries, closingBalanceMinor } = computeStatementEntries(
      openingBalanceMinor,
      postings.map((posting) => ({
        postingId: posting.id,
        kind: posting.kind,
        sourceId: posting.sourceId,
        accountingDate: posting.accountingDate,
        description: posting.description,
        amountMinor: posting.receivableMinor,
      })),
    );
    return {
      accountId,
      currency: account.currency,
      from: period.from ?? null,
      to: period.to ?? null,
      openingBalanceMinor,
      closingBalanceMinor,
      entries,
    };
  };
  if (db.isTransaction) return read(db);
  return db.transaction().setIsolationLevel('repeatable read').execute(read);
}
