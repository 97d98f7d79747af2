import type { DbOrTrx, RequestContext } from '../../../../platform/context/request-context.js';
import type { BillCycle } from './bill-cycle-schemas.js';

/** Lists all bill cycles of the company by code (a company has a handful, so there are no pages). */
export async function listBillCycles(db: DbOrTrx, context: RequestContext): Promise<BillCycle[]> {
  const rows = await db
    .selectFrom('billing.bill_cycle')
    .select(['id', 'code', 'name', 'period_months'])
    .where('company_id', '=', context.companyId)
    .orderBy('code')
    .execute();
  return rows.map((row) => ({ id: row.id, code: row.code, name: row.name, periodMonths: row.period_months }));
}
