import type { RequestContext, Trx } from '../../../platform/context/request-context.js';
import { assertPostingBalances } from '../domain/assert-posting-balances.js';
import type { PostingDraft } from '../domain/posting-draft.js';

// PostgreSQL accepts at most 65,535 bind parameters per statement: 5,000 rows of up to 8 columns fit.
const ROWS_PER_INSERT = 5_000;

/**
 * Appends balanced postings in the caller's transaction with multi-row inserts (set-based, so a bill run
 * can post a whole chunk at once). The database checks the balance again once per statement, so the
 * lines of one posting always go into the same statement.
 */
export async function writePostings(
  trx: Trx,
  context: RequestContext,
  postings: PostingDraft[],
): Promise<void> {
  postings.forEach(assertPostingBalances);
  let batch: PostingDraft[] = [];
  let batchLines = 0;
  for (const posting of postings) {
    if (
      batch.length > 0 &&
      (batch.length === ROWS_PER_INSERT || batchLines + posting.lines.length > ROWS_PER_INSERT)
    ) {
      await insertBatch(trx, context, batch);
      batch = [];
      batchLines = 0;
    }
    batch.push(posting);
    batchLines += posting.lines.length;
  }
  if (batch.length > 0) await insertBatch(trx, context, batch);
}

async function insertBatch(trx: Trx, context: RequestContext, batch: PostingDraft[]): Promise<void> {
  await trx
    .insertInto('ledger.posting')
    .values(
      batch.map((posting) => ({
        company_id: context.companyId,
        id: posting.id,
        account_id: posting.accountId,
        kind: posting.kind,
        source_id: posting.sourceId,
        accounting_date: posting.accountingDate,
        description: posting.description,
        currency: posting.currency,
      })),
    )
    .execute();
  await trx
    .insertInto('ledger.posting_line')
    .values(
      batch.flatMap((posting) =>
        posting.lines.map((line, index) => ({
          company_id: context.companyId,
          posting_id: posting.id,
          line_number: index + 1,
          ledger_account: line.ledgerAccount,
          account_id: line.accountId,
          amount_minor: line.amountMinor.toString(),
        })),
      ),
    )
    .execute();
}
