import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { PostingKind } from '../../../platform/db/schema.js';
import type { PostingLine } from '../db/select-postings.js';

export type SourcePosting = { id: string; accountId: string; currency: string; lines: PostingLine[] };

/** Finds the posting of a bill, credit note or payment ((kind, sourceId) is unique), with its lines. */
export async function findPostingBySource(
  db: DbOrTrx,
  companyId: string,
  kind: PostingKind,
  sourceId: string,
): Promise<SourcePosting | undefined> {
  const posting = await db
    .selectFrom('ledger.posting')
    .select(['id', 'account_id', 'currency'])
    .where('company_id', '=', companyId)
    .where('kind', '=', kind)
    .where('source_id', '=', sourceId)
    .executeTakeFirst();
  if (!posting) return undefined;
  const lines = await db
    .selectFrom('ledger.posting_line')
    .select(['line_number', 'ledger_account', 'account_id', 'amount_minor'])
    .where('company_id', '=', companyId)
    .where('posting_id', '=', posting.id)
    .orderBy('line_number')
    .execute();
  return {
    id: posting.id,
    accountId: posting.account_id,
    currency: posting.currency.trim(),
    lines: lines.map((line) => ({
      lineNumber: line.line_number,
      ledgerAccount: line.ledger_account,
      accountId: line.account_id,
      amountMinor: BigInt(line.amount_minor),
    })),
  };
}
