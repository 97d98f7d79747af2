import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { invalidInput } from '../../../platform/errors/app-error.js';
import { assertUuid } from '../domain/assert-uuid.js';
import { selectPostings, type Posting } from '../db/select-postings.js';
import { getAccountRef } from './get-account-ref.js';

export type PostingPageRequest = {
  /** Page size, 1 to 500. */
  limit: number;
  /** The `nextCursor` of the previous page; omit for the first page. */
  cursor?: string | undefined;
};

export type PostingPage = { items: Posting[]; nextCursor: string | null };

export const maxPostingPageSize = 500;

/** Lists one page of the account's postings with their lines, in ledger order (accounting date, then time posted). */
export async function listPostings(
  db: DbOrTrx,
  companyId: string,
  accountId: string,
  page: PostingPageRequest,
): Promise<PostingPage> {
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > maxPostingPageSize) {
    throw invalidInput(
      'LEDGER.INVALID_PAGE_SIZE',
      `limit must be an integer from 1 to ${maxPostingPageSize}, got ${page.limit}.`,
      [{ path: 'limit', message: `Expected 1 to ${maxPostingPageSize}, got ${page.limit}.` }],
    );
  }
  await getAccountRef(db, companyId, accountId);
  if (page.cursor !== undefined) await assertCursorOfAccount(db, companyId, accountId, page.cursor);

  // One extra row shows whether another page follows.
  const rows = await selectPostings(db, companyId, accountId, { after: page.cursor, limit: page.limit + 1 });
  const items = rows.slice(0, page.limit);
  const nextCursor = rows.length > page.limit ? (items.at(-1)?.id ?? null) : null;
  return { items, nextCursor };
}

async function assertCursorOfAccount(
  db: DbOrTrx,
  companyId: string,
  accountId: string,
  cursor: string,
): Promise<void> {
  assertUuid(cursor, 'cursor', 'LEDGER.INVALID_CURSOR');
  const posting = await db
    .selectFrom('ledger.posting')
    .select('id')
    .where('company_id', '=', companyId)
    .where('account_id', '=', accountId)
    .where('id', '=', cursor)
    .executeTakeFirst();
  if (!posting) {
    throw invalidInput(
      'LEDGER.INVALID_CURSOR',
      `cursor "${cursor}" is not a posting of account ${accountId}; pass the nextCursor of the previous page.`,
      [{ path: 'cursor', message: 'Expected the nextCursor of the previous page of this account.' }],
    );
  }
}
