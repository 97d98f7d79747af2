import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { ListSorting } from '../../../platform/db/order-by-sort.js';
import { selectSortedIds, selectSortedPage } from '../../../platform/db/select-sorted.js';
import type { BillRunExceptionFilters, BillRunExceptionSortField } from '../domain/billing-list-schemas.js';

/** An account a bill run could not bill, with the reason. A run records one exception per account. */
export type BillRunException = {
  accountId: string;
  accountNumber: string;
  agreementId: string | null;
  /** Market id of the agreement's service point; null without an agreement or a market id. */
  servicePointMarketId: string | null;
  reasonCode: string;
  detail: string;
  createdAt: string;
};

const exceptionSorting: ListSorting<BillRunExceptionSortField> = {
  columns: {
    accountNumber: 'a.account_number',
    reasonCode: ['e.reason_code', 'a.account_number'],
    createdAt: 'e.created_at',
  },
  uniqueColumn: 'e.account_id',
};

// NOTE: joins customers.account, agreements.service_agreement and premises.service_point, other modules'
// tables, for the account number that the list shows and sorts by and the service point's market id.
function selectExceptions(db: DbOrTrx, companyId: string, billRunId: string) {
  return db
    .selectFrom('billing.bill_run_exception as e')
    .innerJoin('customers.account as a', (join) =>
      join.onRef('a.company_id', '=', 'e.company_id').onRef('a.id', '=', 'e.account_id'),
    )
    .leftJoin('agreements.service_agreement as sa', (join) =>
      join.onRef('sa.company_id', '=', 'e.company_id').onRef('sa.id', '=', 'e.agreement_id'),
    )
    .leftJoin('premises.service_point as sp', (join) =>
      join.onRef('sp.company_id', '=', 'sa.company_id').onRef('sp.id', '=', 'sa.service_point_id'),
    )
    .where('e.company_id', '=', companyId)
    .where('e.bill_run_id', '=', billRunId);
}

function selectMatchingExceptions(
  db: DbOrTrx,
  companyId: string,
  billRunId: string,
  filters: BillRunExceptionFilters,
) {
  let query = selectExceptions(db, companyId, billRunId);
  if (filters.reasonCode) query = query.where('e.reason_code', '=', filters.reasonCode);
  return query;
}

const exceptionColumns = [
  'e.account_id',
  'a.account_number',
  'e.agreement_id',
  'sp.market_id as service_point_market_id',
  'e.reason_code',
  'e.detail',
  'e.created_at',
] as const;

export async function listBillRunExceptionRows(
  db: DbOrTrx,
  companyId: string,
  billRunId: string,
  filters: BillRunExceptionFilters & { limit: number; offset: number },
): Promise<{ items: BillRunException[]; total: number }> {
  const { rows, total } = await selectSortedPage(
    selectMatchingExceptions(db, companyId, billRunId, filters),
    (query) => query.select(exceptionColumns),
    filters.sort,
    exceptionSorting,
    filters,
  );
  return { items: rows.map(toBillRunException), total };
}

/** Returns the account ids of the run's matching exceptions in list order, at most `limit`. */
export function listBillRunExceptionAccountIds(
  db: DbOrTrx,
  companyId: string,
  billRunId: string,
  filters: BillRunExceptionFilters,
  limit: number,
): Promise<string[]> {
  return selectSortedIds(
    selectMatchingExceptions(db, companyId, billRunId, filters),
    filters.sort,
    exceptionSorting,
    limit,
  );
}

export async function findBillRunExceptionsOfAccounts(
  db: DbOrTrx,
  companyId: string,
  billRunId: string,
  accountIds: string[],
): Promise<BillRunException[]> {
  if (accountIds.length === 0) return [];
  const rows = await selectExceptions(db, companyId, billRunId)
    .select(exceptionColumns)
    .where('e.account_id', 'in', accountIds)
    .execute();
  return rows.map(toBillRunException);
}

function toBillRunException(row: {
  account_id: string;
  account_number: string;
  agreement_id: string | null;
  service_point_market_id: string | null;
  reason_code: string;
  detail: string;
  created_at: Date;
}): BillRunException {
  return {
    accountId: row.account_id,
    accountNumber: row.account_number,
    agreementId: row.agreement_id,
    servicePointMarketId: row.service_point_market_id,
    reasonCode: row.reason_code,
    detail: row.detail,
    createdAt: row.created_at.toISOString(),
  };
}
