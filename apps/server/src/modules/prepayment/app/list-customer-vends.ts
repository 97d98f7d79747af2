import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { selectVend, type StoredVend } from '../db/vend-store.js';

/** A page of a customer's top-ups, newest first, and the cursor of the next page. */
export type CustomerVendsPage = { items: StoredVend[]; nextBefore: string | null };

/**
 * Lists the prepaid top-ups of a customer's accounts with their receipt lines and tokens, newest first,
 * as self-service shows them. `before` is the issue time of the last vend of the previous page.
 * Reversed vends are left out, since their tokens were never handed out.
 * NOTE: the cursor is the issue time alone, so a vend issued in the same millisecond as the last of a page
 * (for another meter of the same customer) would be skipped.
 */
export async function listCustomerVends(
  db: DbOrTrx,
  context: RequestContext,
  customerId: string,
  page: { limit: number; before?: string | undefined },
): Promise<CustomerVendsPage> {
  let query = db
    .selectFrom('prepayment.vend as vend')
    .innerJoin('customers.account as account', (join) =>
      join.onRef('account.company_id', '=', 'vend.company_id').onRef('account.id', '=', 'vend.account_id'),
    )
    .select(['vend.id', 'vend.issued_at'])
    .where('vend.company_id', '=', context.companyId)
    .where('account.customer_id', '=', customerId)
    .where('vend.status', '<>', 'reversed')
    .orderBy('vend.issued_at', 'desc')
    .orderBy('vend.id', 'desc')
    .limit(page.limit + 1);
  if (page.before !== undefined) query = query.where('vend.issued_at', '<', new Date(page.before));
  const rows = await query.execute();
  const shown = rows.slice(0, page.limit);
  const items: StoredVend[] = [];
  for (const row of shown) {
    const vend = await selectVend(db, context.companyId, { id: row.id });
    if (vend) items.push(vend);
  }
  const last = shown.at(-1);
  return {
    items,
    nextBefore: rows.length > page.limit && last ? last.issued_at.toISOString() : null,
  };
}
