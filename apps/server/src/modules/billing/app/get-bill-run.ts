import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { toBillRun } from '../db/bill-run-rows.js';
import type { BillRun } from '../domain/bill-run.js';

export async function getBillRun(db: DbOrTrx, companyId: string, billRunId: string): Promise<BillRun> {
  const row = await db
    .selectFrom('billing.bill_run')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', billRunId)
    .executeTakeFirst();
  if (!row) throw notFound('BILLING.BILL_RUN_NOT_FOUND', `Bill run ${billRunId} was not found.`);
  return toBillRun(row);
}
