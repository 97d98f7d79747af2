export type { LedgerAccount, PostingDraft, PostingLineDraft } from './domain/posting-draft.js';
export { assertPostingBalances } from './domain/assert-posting-balances.js';
export {
  deferPostingReferences,
  writePostingHeaders,
  writePostingLines,
  writePostings,
  postingWrites,
} from './app/write-postings.js';

// Read side. Balances and open items are derived from postings, bills and payment allocations on every
// read and never stored.
export type { AgeingBucket, Ageing } from './domain/ageing.js';
export { ageingBucketDays, ageingBuckets, computeAgeing, computeAgeingBucket } from './domain/ageing.js';
export type { OpenItem, OutstandingInvoice, Settlement } from './domain/open-item.js';
export { compareOpenItems } from './domain/compare-open-items.js';
export type { AllocationDraft, AllocationSource, UnallocatedCredit } from './domain/compute-allocations.js';
export {
  allocationSourceOf,
  computeAllocations,
  readAllocationSource,
} from './domain/compute-allocations.js';
export type { AccountStatement, StatementEntry } from './domain/account-statement.js';
export { assertUuid } from './domain/assert-uuid.js';
export { assertPlainDate } from './domain/assert-plain-date.js';
export type { AccountRef } from './db/select-account-refs.js';
export type { Posting, PostingLine } from './db/select-postings.js';
export { lockAccounts } from './db/lock-accounts.js';
export { selectAccountOpeningDate } from './db/select-account-opening-date.js';
export { selectOutstandingInvoices } from './db/select-outstanding-invoices.js';
export { getAccountRef, getAccountRefByNumber } from './app/get-account-ref.js';
export { getAccountBalance } from './app/get-account-balance.js';
export { getAccountCredit } from './app/get-account-credit.js';
export { listOpenItems } from './app/list-open-items.js';
export { getAccountSummary, type AccountSummary } from './app/get-account-summary.js';
export {
  listPostings,
  maxPostingPageSize,
  type PostingPage,
  type PostingPageRequest,
} from './app/list-postings.js';
export { getAccountStatement, type StatementPeriod } from './app/get-account-statement.js';
export { findPostingBySource, type SourcePosting } from './app/find-posting-by-source.js';
export { accountLedgerRoutes } from './http/account-routes.js';
