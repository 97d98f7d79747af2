/** One posting on an account statement: its receivable amount and the balance after it. */
export type StatementEntry = {
  postingId: string;
  kind: string;
  sourceId: string;
  accountingDate: string;
  description: string;
  /** The posting's receivable amount for the account: positive raises what the customer owes. */
  amountMinor: bigint;
  runningBalanceMinor: bigint;
};

export type AccountStatement = {
  accountId: string;
  currency: string;
  /** First and last accounting date covered, inclusive; null when the statement is unbounded there. */
  from: string | null;
  to: string | null;
  openingBalanceMinor: bigint;
  closingBalanceMinor: bigint;
  entries: StatementEntry[];
};

export type StatementMovement = Omit<StatementEntry, 'runningBalanceMinor'>;

/** Computes the running balance after each movement, starting from the opening balance. */
export function computeStatementEntries(
  openingBalanceMinor: bigint,
  movements: readonly StatementMovement[],
): { entries: StatementEntry[]; closingBalanceMinor: bigint } {
  let balanceMinor = openingBalanceMinor;
  const entries = movements.map((movement) => {
    balanceMinor += movement.amountMinor;
    return { ...movement, runningBalanceMinor: balanceMinor };
  });
  return { entries, closingBalanceMinor: balanceMinor };
}
