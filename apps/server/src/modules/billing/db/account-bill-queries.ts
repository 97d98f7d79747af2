import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { ListSorting } from '../../../platform/db/order-by-sort.js';
import { selectSortedIds, selectSortedPage } from '../../../platform/db/select-sorted.js';
import type { Bill } from '../domain/bill.js';
import type { AccountBillFilters, AccountBillSortField } from '../domain/billing-list-schemas.js';
import { toBill } from './bill-rows.js';

// The default, newest period first, lists a credit note beside the bill it cancels (same period, made later).
const accountBillSorting: ListSorting<AccountBillSortField> = {
  columns: {
    periodStart: ['period_start', 'created_at'],
    issueDate: 'issue_date',
    dueDate: 'due_date',
    invoiceNumber: 'invoice_number',
    totalMinor: 'total_minor',
    status: 'status',
    createdAt: 'created_at',
  },
  uniqueColumn: 'id',
};

function selectMatchingBills(db: DbOrTrx, companyId: string, accountId: string, filters: AccountBillFilters) {
  let query = db
    .selectFrom('billing.bill')
    .where('company_id', '=', companyId)
    .where('account_id', '=', accountId);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (filters.kind) query = query.where('kind', '=', filters.kind);
  if (filters.issueDateFrom) query = query.where('issue_date', '>=', filters.issueDateFrom);
  if (filters.issueDateTo) query = query.where('issue_date', '<=', filters.issueDateTo);
  return query;
}

export async function listAccountBillRows(
  db: DbOrTrx,
  companyId: string,
  accountId: string,
  filters: AccountBillFilters & { limit: number; offset: number },
): Promise<{ items: Bill[]; total: number }> {
  const { rows, total } = await selectSortedPage(
    selectMatchingBills(db, companyId, accountId, filters),
    (query) => query.selectAll(),
    filters.sort,
    accountBillSorting,
    filters,
  );
  return { items: rows.map(toBill), total };
}

/** Returns the ids of the account's matching bills in list order, at most `limit`. */
export function listAccountBillIds(
  db: DbOrTrx,
  companyId: string,
  accountId: string,
  filters: AccountBillFilters,
  limit: number,
): Promise<string[]> {
  return selectSortedIds(
    selectMatchingBills(db, companyId, accountId, filters),
    filters.sort,
    accountBillSorting,
    limit,
  );
}

export async function findBillsByIds(db: DbOrTrx, companyId: string, billIds: string[]): Promise<Bill[]> {
  if (billIds.length === 0) return [];
  const rows = await db
    .selectFrom('billing.bill')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', 'in', billIds)
    .execute();
  return rows.map(toBill);
}
