import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { ListSorting } from '../../../platform/db/order-by-sort.js';
import { selectSortedIds, selectSortedPage } from '../../../platform/db/select-sorted.js';
import type { BillRun } from '../domain/bill-run.js';
import type { BillRunFilters, BillRunSortField } from '../domain/billing-list-schemas.js';
import { toBillRun } from './bill-run-rows.js';

const billRunSorting: ListSorting<BillRunSortField> = {
  columns: {
    createdAt: 'created_at',
    cutOffOn: 'cut_off_on',
    status: 'status',
    completedAt: 'completed_at',
  },
  uniqueColumn: 'id',
};

function selectMatchingBillRuns(db: DbOrTrx, companyId: string, filters: BillRunFilters) {
  let query = db.selectFrom('billing.bill_run').where('company_id', '=', companyId);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (filters.billCycleId) query = query.where('bill_cycle_id', '=', filters.billCycleId);
  if (filters.cutOffOnFrom) query = query.where('cut_off_on', '>=', filters.cutOffOnFrom);
  if (filters.cutOffOnTo) query = query.where('cut_off_on', '<=', filters.cutOffOnTo);
  return query;
}

export async function listBillRunRows(
  db: DbOrTrx,
  companyId: string,
  filters: BillRunFilters & { limit: number; offset: number },
): Promise<{ items: BillRun[]; total: number }> {
  const { rows, total } = await selectSortedPage(
    selectMatchingBillRuns(db, companyId, filters),
    (query) => query.selectAll(),
    filters.sort,
    billRunSorting,
    filters,
  );
  return { items: rows.map(toBillRun), total };
}

/** Returns the ids of the matching bill runs in list order, at most `limit`. */
export function listBillRunIds(
  db: DbOrTrx,
  companyId: string,
  filters: BillRunFilters,
  limit: number,
): Promise<string[]> {
  return selectSortedIds(selectMatchingBillRuns(db, companyId, filters), filters.sort, billRunSorting, limit);
}

export async function findBillRunsByIds(
  db: DbOrTrx,
  companyId: string,
  billRunIds: string[],
): Promise<BillRun[]> {
  if (billRunIds.length === 0) return [];
  const rows = await db
    .selectFrom('billing.bill_run')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', 'in', billRunIds)
    .execute();
  return rows.map(toBillRun);
}
