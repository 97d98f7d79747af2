import type { LedgerAccount, PostingDraft } from '../../ledger/index.js';

export type PostableBill = {
  id: string;
  accountId: string;
  kind: 'invoice' | 'credit-note';
  invoiceNumber: string;
  issueDate: string;
  currency: string;
  lines: readonly { amountMinor: bigint; ledgerAccount: string }[];
};

const ledgerAccounts = new Set<string>([
  'revenue:energy',
  'revenue:demand',
  'revenue:fixed',
  'revenue:minimum',
  'revenue:water',
  'revenue:other',
  'tax',
]);

/**
 * Builds the ledger posting of an issued bill: the receivable is debited with the bill total and each
 * revenue or tax account is credited with the sum of its lines. A credit note carries negative lines, so
 * the same rule reverses the invoice it cancels.
 */
export function computeBillPosting(bill: PostableBill, postingId: string): PostingDraft {
  const byAccount = new Map<LedgerAccount, bigint>();
  let total = 0n;
  for (const line of bill.lines) {
    if (!ledgerAccounts.has(line.ledgerAccount)) {
      throw new Error(`Bill ${bill.id} has a line on unknown ledger account "${line.ledgerAccount}".`);
    }
    const account = line.ledgerAccount as LedgerAccount;
    byAccount.set(account, (byAccount.get(account) ?? 0n) + line.amountMinor);
    total += line.amountMinor;
  }
  return {
    id: postingId,
    accountId: bill.accountId,
    kind: bill.kind === 'invoice' ? 'bill' : 'credit-note',
    sourceId: bill.id,
    accountingDate: bill.issueDate,
    description: billPostingDescription(bill.kind, bill.invoiceNumber),
    currency: bill.currency,
    lines: [
      { ledgerAccount: 'receivable', accountId: bill.accountId, amountMinor: total },
      ...[...byAccount].map(([ledgerAccount, amountMinor]) => ({
        ledgerAccount,
        accountId: null,
        amountMinor: -amountMinor,
      })),
    ],
  };
}

/** Returns the description of a bill's ledger posting, such as "Invoice INV-00000042". */
export function billPostingDescription(kind: PostableBill['kind'], invoiceNumber: string): string {
  return `${kind === 'invoice' ? 'Invoice' : 'Credit note'} ${invoiceNumber}`;
}
