import type { PostingKind } from '../../../platform/db/schema.js';

/**
 * Ledger accounts of the chart this CIS posts to. `receivable` lines carry the customer account id, and
 * their sum per account is the account's balance (positive: the customer owes; negative: a credit).
 */
export type LedgerAccount =
  | 'receivable'
  | 'cash'
  | 'revenue:energy'
  | 'revenue:demand'
  | 'revenue:fixed'
  | 'revenue:minimum'
  | 'revenue:water'
  | 'revenue:other'
  | 'tax';

export type PostingLineDraft = {
  ledgerAccount: LedgerAccount;
  /** Set on receivable lines: the customer account whose balance the line moves. */
  accountId: string | null;
  /** Debit positive, credit negative, in the currency's minor units. */
  amountMinor: bigint;
};

export type PostingDraft = {
  id: string;
  accountId: string;
  kind: PostingKind;
  /** The bill, credit note or payment the posting records; (kind, sourceId) is unique per company. */
  sourceId: string;
  accountingDate: string;
  description: string;
  currency: string;
  lines: PostingLineDraft[];
};
