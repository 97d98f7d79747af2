import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { Page, PageQuery } from '../../../platform/validation/page.js';
import { toBill } from '../db/bill-rows.js';
import type { Bill } from '../domain/bill.js';

/** Lists an account's bills and credit notes, newest period first. */
export async function listAccountBills(
  db: DbOrTrx,
  companyId: string,
  accountId: string,
  page: PageQuery,
): Promise<Page<Bill>> {
  const base = db
    .selectFrom('billing.bill')
    .where('company_id', '=', companyId)
    .where('account_id', '=', accountId);
  const rows = await base
    .selectAll()
    .orderBy('period_start', 'desc')
    .orderBy('created_at', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const count = await base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  return { items: rows.map(toBill), total: Number(count.total), limit: page.limit, offset: page.offset };
}
