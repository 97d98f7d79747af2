export type { LedgerAccount, PostingDraft, PostingLineDraft } from './domain/posting-draft.js';
export { assertPostingBalances } from './domain/assert-posting-balances.js';
export { writePostings } from './app/write-postings.js';
