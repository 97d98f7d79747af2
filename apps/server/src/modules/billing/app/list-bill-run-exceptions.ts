import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { Page, PageQuery } from '../../../platform/validation/page.js';

export type BillRunException = {
  accountId: string;
  accountNumber: string;
  agreementId: string | null;
  reasonCode: string;
  detail: string;
};

/** Lists the accounts a bill run could not bill, with the reason for each. */
export async function listBillRunExceptions(
  db: DbOrTrx,
  companyId: string,
  billRunId: string,
  page: PageQuery,
): Promise<Page<BillRunException>> {
  const base = db
    .selectFrom('billing.bill_run_exception as e')
    .innerJoin('customers.account as a', (join) =>
      join.onRef('a.company_id', '=', 'e.company_id').onRef('a.id', '=', 'e.account_id'),
    )
    .where('e.company_id', '=', companyId)
    .where('e.bill_run_id', '=', billRunId);
  const rows = await base
    .select(['e.account_id', 'a.account_number', 'e.agreement_id', 'e.reason_code', 'e.detail'])
    .orderBy('a.account_number')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const count = await base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  return {
    items: rows.map((row) => ({
      accountId: row.account_id,
      accountNumber: row.account_number,
      agreementId: row.agreement_id,
      reasonCode: row.reason_code,
      detail: row.detail,
    })),
    total: Number(count.total),
    limit: page.limit,
    offset: page.offset,
  };
}
