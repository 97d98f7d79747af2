import { sql } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { ListSorting } from '../../../platform/db/order-by-sort.js';
import { selectSortedIds, selectSortedPage } from '../../../platform/db/select-sorted.js';
import type { PaymentListItem } from '../domain/payment.js';
import type { PaymentFilters, PaymentSortField } from '../domain/payment-list-schemas.js';
import { toPaymentSummary, type PaymentSummaryRow } from './payment-rows.js';

const paymentSorting: ListSorting<PaymentSortField> = {
  columns: {
    receivedOn: ['p.received_on', 'p.created_at'],
    createdAt: 'p.created_at',
    amountMinor: 'p.amount_minor',
    status: 'p.status',
    method: 'p.method',
  },
  uniqueColumn: 'p.id',
};

function selectPayments(db: DbOrTrx, companyId: string) {
  return db.selectFrom('payments.payment as p').where('p.company_id', '=', companyId);
}

function selectMatchingPayments(db: DbOrTrx, companyId: string, filters: PaymentFilters) {
  let query = selectPayments(db, companyId);
  if (filters.accountId) query = query.where('p.account_id', '=', filters.accountId);
  if (filters.status) query = query.where('p.status', '=', filters.status);
  if (filters.method) query = query.where('p.method', '=', filters.method);
  if (filters.receivedOnFrom) query = query.where('p.received_on', '>=', filters.receivedOnFrom);
  if (filters.receivedOnTo) query = query.where('p.received_on', '<=', filters.receivedOnTo);
  return query;
}

// The sum of the payment's active allocations, as text of a bigint so that no amount becomes a JS number.
const allocatedMinor = sql<string>`coalesce((
  select sum(a.amount_minor) from payments.payment_allocation a
   where a.company_id = p.company_id and a.payment_id = p.id and a.status = 'active'), 0)::bigint`;

const summaryColumns = [
  'p.id',
  'p.account_id',
  'p.amount_minor',
  'p.currency',
  'p.received_on',
  'p.method',
  'p.reference',
  'p.idempotency_key',
  'p.status',
  'p.reversed_at',
  'p.reversal_reason',
  'p.created_at',
] as const;

// NOTE: reads customers.account directly, as the bill list does, because one subquery per row costs less
// than a second round trip through the customers module for every page and every CSV batch.
const accountNumber = sql<string>`(select a.account_number from customers.account a
   where a.company_id = p.company_id and a.id = p.account_id)`;

function toPaymentListItem(row: PaymentSummaryRow & { account_number: string }): PaymentListItem {
  return { ...toPaymentSummary(row), accountNumber: row.account_number };
}

export async function listPaymentRows(
  db: DbOrTrx,
  companyId: string,
  filters: PaymentFilters & { limit: number; offset: number },
): Promise<{ items: PaymentListItem[]; total: number }> {
  const { rows, total } = await selectSortedPage(
    selectMatchingPayments(db, companyId, filters),
    (query) =>
      query
        .select(summaryColumns)
        .select(allocatedMinor.as('allocated_minor'))
        .select(accountNumber.as('account_number')),
    filters.sort,
    paymentSorting,
    filters,
  );
  return { items: rows.map(toPaymentListItem), total };
}

/** Returns the ids of the matching payments in list order, at most `limit`. */
export function listPaymentIds(
  db: DbOrTrx,
  companyId: string,
  filters: PaymentFilters,
  limit: number,
): Promise<string[]> {
  return selectSortedIds(selectMatchingPayments(db, companyId, filters), filters.sort, paymentSorting, limit);
}

export async function findPaymentSummariesByIds(
  db: DbOrTrx,
  companyId: string,
  paymentIds: string[],
): Promise<PaymentListItem[]> {
  if (paymentIds.length === 0) return [];
  const rows = await selectPayments(db, companyId)
    .select(summaryColumns)
    .select(allocatedMinor.as('allocated_minor'))
    .select(accountNumber.as('account_number'))
    .where('p.id', 'in', paymentIds)
    .execute();
  return rows.map(toPaymentListItem);
}
