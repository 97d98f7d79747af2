import { ruleViolation } from '../../../platform/errors/app-error.js';
import type { PostingDraft } from './posting-draft.js';

/** Throws unless the posting has lines and they sum to zero (debits equal credits). */
export function assertPostingBalances(posting: PostingDraft): void {
  if (posting.lines.length === 0) {
    throw ruleViolation(
      'LEDGER.EMPTY_POSTING',
      `Ledger posting for ${posting.kind} ${posting.sourceId} has no lines.`,
    );
  }
  const sum = posting.lines.reduce((total, line) => total + line.amountMinor, 0n);
  if (sum !== 0n) {
    throw ruleViolation(
      'LEDGER.UNBALANCED_POSTING',
      `Ledger posting for ${posting.kind} ${posting.sourceId} does not balance: its lines sum to ${sum} minor units.`,
    );
  }
}
