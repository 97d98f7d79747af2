import type { LedgerAccount, PostingDraft, PostingLineDraft } from '../../ledger/index.js';
import { revenueAccountOfService, type PrepaidService } from './prepaid-service.js';
import type { ReceiptLine, VendLineKind } from './receipt-line.js';

/**
 * Ledger account credited for each kind of receipt line. An energy line's is its service's (see
 * revenueAccountOfService), the one here being electricity's. Free basic units move no money.
 */
const ledgerAccountOfLine: Record<Exclude<VendLineKind, 'free-units'>, LedgerAccount> = {
  'channel-fee': 'revenue:other',
  'debt-recovery': 'receivable',
  'fixed-charge': 'revenue:fixed',
  tax: 'tax',
  levy: 'tax',
  energy: 'revenue:energy',
};

export type VendPostingInput = {
  postingId: string;
  vendId: string;
  accountId: string;
  accountingDate: string;
  currency: string;
  /** The meter's service: what the units cost credits its revenue account (see revenueAccountOfService). */
  service: PrepaidService;
  tenderedMinor: bigint;
  lines: readonly ReceiptLine[];
  description: string;
};

/**
 * Builds the ledger posting of a vend: the amount tendered is debited to cash and the receipt lines are
 * credited to their ledger accounts, one line per account. Debt recovery credits the customer's
 * receivable, so it lowers what the account owes; every other line is income or tax, outside the account's
 * balance. The vend's sale allocates that recovered debt to the account's open items in the same
 * transaction (see settleRecoveredDebt).
 */
export function buildVendPosting(input: VendPostingInput): PostingDraft {
  // One credit per ledger account, in the order the receipt first names it: the receipt keeps each block
  // and deduction apart, and the ledger needs only the totals (two energy blocks are one revenue line).
  const credits = new Map<LedgerAccount, PostingLineDraft>();
  for (const line of input.lines) {
    if (line.kind === 'free-units' || line.amountMinor === 0n) continue;
    const ledgerAccount =
      line.kind === 'energy' ? revenueAccountOfService[input.service] : ledgerAccountOfLine[line.kind];
    const credit = credits.get(ledgerAccount);
    if (credit !== undefined) credit.amountMinor -= line.amountMinor;
    else
      credits.set(ledgerAccount, {
        ledgerAccount,
        accountId: ledgerAccount === 'receivable' ? input.accountId : null,
        amountMinor: -line.amountMinor,
      });
  }
  return {
    id: input.postingId,
    accountId: input.accountId,
    kind: 'vend',
    sourceId: input.vendId,
    accountingDate: input.accountingDate,
    description: input.description,
    currency: input.currency,
    lines: [
      { ledgerAccount: 'cash', accountId: null, amountMinor: input.tenderedMinor },
      ...credits.values(),
    ],
  };
}
