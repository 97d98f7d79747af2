import { sql, type RawBuilder } from 'kysely';
import type { RequestContext, Trx } from '../../../platform/context/request-context.js';
import { copyRows, insertStatement, type BulkColumnType } from '../../../platform/db/copy-rows.js';
import { assertPostingBalances } from '../domain/assert-posting-balances.js';
import type { PostingDraft } from '../domain/posting-draft.js';

/**
 * Appends balanced postings in the caller's transaction, two statements for any number of postings so a
 * bill run can post a whole chunk at once. The database checks each posting's balance again once per
 * statement, which holds because all lines of a posting go into the same statement.
 */
export async function writePostings(
  trx: Trx,
  context: RequestContext,
  postings: PostingDraft[],
): Promise<void> {
  postings.forEach(assertPostingBalances);
  await writePostingHeaders(trx, context, postings);
  await writePostingLines(trx, context, postings);
}

/**
 * Makes the reference from posting lines to their posting wait for commit, so that a transaction can
 * write the lines first and the postings later (see writePostingLines).
 */
export async function deferPostingReferences(trx: Trx): Promise<void> {
  await sql`set constraints ledger.posting_line_company_id_posting_id_fkey deferred`.execute(trx);
}

/** Writes the posting rows themselves, without their lines. */
export async function writePostingHeaders(
  trx: Trx,
  context: RequestContext,
  postings: PostingDraft[],
): Promise<void> {
  if (postings.length === 0) return;
  await copyRows(
    trx,
    'ledger.posting',
    postingColumns,
    postings.map((posting) => postingRow(context, posting)),
  );
}

/**
 * Writes the postings' lines after checking that each posting balances. Before the postings exist, the
 * transaction must have called deferPostingReferences.
 */
export async function writePostingLines(
  trx: Trx,
  context: RequestContext,
  postings: PostingDraft[],
): Promise<void> {
  if (postings.length === 0) return;
  postings.forEach(assertPostingBalances);
  await copyRows(
    trx,
    'ledger.posting_line',
    lineColumns,
    postings.flatMap((posting) => lineRows(context, posting)),
  );
}

/**
 * Returns the inserts of balanced postings and their lines, to run in one statement with other writes (see
 * runWrites) where a caller writes many kinds of rows at once, as a batch of vends does.
 */
export function postingWrites(context: RequestContext, postings: PostingDraft[]): RawBuilder<unknown>[] {
  if (postings.length === 0) return [];
  postings.forEach(assertPostingBalances);
  return [
    insertStatement(
      'ledger.posting',
      postingColumns,
      postings.map((posting) => postingRow(context, posting)),
    ),
    insertStatement(
      'ledger.posting_line',
      lineColumns,
      postings.flatMap((posting) => lineRows(context, posting)),
    ),
  ];
}

const postingColumns: Record<string, BulkColumnType> = {
  company_id: 'uuid',
  id: 'uuid',
  account_id: 'uuid',
  kind: 'text',
  source_id: 'uuid',
  accounting_date: 'date',
  description: 'text',
  currency: 'char(3)',
};

function postingRow(context: RequestContext, posting: PostingDraft) {
  return {
    company_id: context.companyId,
    id: posting.id,
    account_id: posting.accountId,
    kind: posting.kind,
    source_id: posting.sourceId,
    accounting_date: posting.accountingDate,
    description: posting.description,
    currency: posting.currency,
  };
}

const lineColumns: Record<string, BulkColumnType> = {
  company_id: 'uuid',
  posting_id: 'uuid',
  line_number: 'integer',
  ledger_account: 'text',
  account_id: 'uuid',
  amount_minor: 'bigint',
};

function lineRows(context: RequestContext, posting: PostingDraft) {
  return posting.lines.map((line, index) => ({
    company_id: context.companyId,
    posting_id: posting.id,
    line_number: index + 1,
    ledger_account: line.ledgerAccount,
    account_id: line.accountId,
    amount_minor: line.amountMinor.toString(),
  }));
}
