import { sql } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { PostingKind } from '../../../platform/db/schema.js';

export type PostingLine = {
  lineNumber: number;
  ledgerAccount: string;
  accountId: string | null;
  amountMinor: bigint;
};

export type Posting = {
  id: string;
  accountId: string;
  kind: PostingKind;
  sourceId: string;
  accountingDate: string;
  description: string;
  currency: string;
  postedAt: string;
  /** Sum of the posting's receivable lines for this account: what it adds to the account's balance. */
  receivableMinor: bigint;
  lines: PostingLine[];
};

type PostingRow = {
  id: string;
  account_id: string;
  kind: PostingKind;
  source_id: string;
  accounting_date: string;
  description: string;
  currency: string;
  posted_at: Date;
};

export type PostingFilter = {
  /** Postings dated on or after this date. */
  from?: string | undefined;
  /** Postings dated on or before this date. */
  to?: string | undefined;
  /** Postings that sort after this posting id (keyset pagination). */
  after?: string | undefined;
  limit?: number | undefined;
};

/**
 * Selects an account's postings in ledger order (accounting date, then time posted, then id) with their
 * lines. Keyset pagination by posting id keeps pages stable while new postings are appended.
 */
export async function selectPostings(
  db: DbOrTrx,
  companyId: string,
  accountId: string,
  filter: PostingFilter,
): Promise<Posting[]> {
  const postings = await sql<PostingRow>`
    select p.id, p.account_id, p.kind, p.source_id, p.accounting_date, p.description, p.currency, p.posted_at
      from ledger.posting p
     where p.company_id = ${companyId}
       and p.account_id = ${accountId}
       ${filter.from === undefined ? sql`` : sql`and p.accounting_date >= ${filter.from}`}
       ${filter.to === undefined ? sql`` : sql`and p.accounting_date <= ${filter.to}`}
       ${
         filter.after === undefined
           ? sql``
           : sql`and (p.accounting_date, p.posted_at, p.id) > (
               select c.accounting_date, c.posted_at, c.id from ledger.posting c
                where c.company_id = ${companyId} and c.id = ${filter.after})`
       }
     order by p.accounting_date, p.posted_at, p.id
     ${filter.limit === undefined ? sql`` : sql`limit ${filter.limit}`}
  `.execute(db);
  if (postings.rows.length === 0) return [];

  const lines = await db
    .selectFrom('ledger.posting_line')
    .select(['posting_id', 'line_number', 'ledger_account', 'account_id', 'amount_minor'])
    .where('company_id', '=', companyId)
    .where(
      'posting_id',
      'in',
      postings.rows.map((row) => row.id),
    )
    .orderBy('posting_id')
    .orderBy('line_number')
    .execute();
  const linesByPosting = new Map<string, PostingLine[]>();
  for (const line of lines) {
    const list = linesByPosting.get(line.posting_id) ?? [];
    list.push({
      lineNumber: line.line_number,
      ledgerAccount: line.ledger_account,
      accountId: line.account_id,
      amountMinor: BigInt(line.amount_minor),
    });
    linesByPosting.set(line.posting_id, list);
  }

  return postings.rows.map((row) => {
    const postingLines = linesByPosting.get(row.id) ?? [];
    return {
      id: row.id,
      accountId: row.account_id,
      kind: row.kind,
      sourceId: row.source_id,
      accountingDate: row.accounting_date,
      description: row.description,
      currency: row.currency,
      postedAt: row.posted_at.toISOString(),
      receivableMinor: postingLines
        .filter((line) => line.ledgerAccount === 'receivable' && line.accountId === accountId)
        .reduce((sum, line) => sum + line.amountMinor, 0n),
      lines: postingLines,
    };
  });
}
