import { sql, type Selectable } from 'kysely';
import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import type { AccountTable } from '../../../platform/db/schema.js';
import type { ListSorting } from '../../../platform/db/order-by-sort.js';
import { selectSortedIds, selectSortedPage } from '../../../platform/db/select-sorted.js';
import { anyAccountIdMatching } from '../../search/index.js';
import type { Account } from '../domain/account.js';
import type { AccountFilters, AccountSortField } from '../domain/account-schemas.js';

export type AccountRowDraft = Omit<Account, 'customerName' | 'createdAt' | 'status'>;

const ROWS_PER_INSERT = 2_000;

/**
 * Reserves `count` consecutive values of the company's account number sequence and returns the first.
 * The upsert locks the counter row until the caller's transaction ends.
 */
export async function reserveAccountNumbers(trx: Trx, companyId: string, count: number): Promise<bigint> {
  const row = await trx
    .insertInto('customers.account_number_counter')
    .values({ company_id: companyId, next_value: String(1 + count) })
    .onConflict((conflict) =>
      conflict
        .column('company_id')
        .doUpdateSet({ next_value: sql<string>`customers.account_number_counter.next_value + ${count}` }),
    )
    .returning('next_value')
    .executeTakeFirstOrThrow();
  return BigInt(row.next_value) - BigInt(count);
}

export async function listTakenAccountNumbers(
  trx: Trx,
  companyId: string,
  numbers: string[],
): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const rows = await trx
    .selectFrom('customers.account')
    .select('account_number')
    .where('company_id', '=', companyId)
    .where('account_number', 'in', numbers)
    .execute();
  return new Set(rows.map((row) => row.account_number));
}

export async function insertAccounts(trx: Trx, companyId: string, drafts: AccountRowDraft[]): Promise<void> {
  for (let start = 0; start < drafts.length; start += ROWS_PER_INSERT) {
    await trx
      .insertInto('customers.account')
      .values(
        drafts.slice(start, start + ROWS_PER_INSERT).map((draft) => ({
          company_id: companyId,
          id: draft.id,
          account_number: draft.accountNumber,
          customer_id: draft.customerId,
          bill_cycle_id: draft.billCycleId,
          bill_delivery: draft.billDelivery,
          bill_delivery_email: draft.billDeliveryEmail,
          payment_method: draft.paymentMethod,
          payment_terms_days: draft.paymentTermsDays,
        })),
      )
      .execute();
  }
}

function selectAccounts(db: DbOrTrx, companyId: string) {
  return db
    .selectFrom('customers.account as a')
    .innerJoin('customers.customer as c', (join) =>
      join.onRef('c.company_id', '=', 'a.company_id').onRef('c.id', '=', 'a.customer_id'),
    )
    .where('a.company_id', '=', companyId);
}

export async function findAccountsByIds(
  db: DbOrTrx,
  companyId: string,
  accountIds: string[],
): Promise<Account[]> {
  if (accountIds.length === 0) return [];
  const rows = await selectAccounts(db, companyId)
    .selectAll('a')
    .select('c.display_name as customer_name')
    .where('a.id', 'in', accountIds)
    .execute();
  return rows.map(toAccount);
}

export async function findAccount(
  db: DbOrTrx,
  companyId: string,
  accountId: string,
  options: { forUpdate?: boolean } = {},
): Promise<Account | undefined> {
  let query = selectAccounts(db, companyId)
    .selectAll('a')
    .select('c.display_name as customer_name')
    .where('a.id', '=', accountId);
  if (options.forUpdate) query = query.forUpdate('a');
  const row = await query.executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

const accountSorting: ListSorting<AccountSortField> = {
  columns: {
    accountNumber: 'a.account_number',
    customerName: 'c.display_name',
    status: 'a.status',
    createdAt: 'a.created_at',
  },
  uniqueColumn: 'a.id',
};

function selectMatchingAccounts(db: DbOrTrx, companyId: string, filters: AccountFilters) {
  let query = selectAccounts(db, companyId);
  if (filters.customerId) query = query.where('a.customer_id', '=', filters.customerId);
  if (filters.billCycleId) query = query.where('a.bill_cycle_id', '=', filters.billCycleId);
  if (filters.status) query = query.where('a.status', '=', filters.status);
  if (filters.search) query = query.where('a.id', '=', anyAccountIdMatching(filters.search));
  return query;
}

export async function listAccountRows(
  db: DbOrTrx,
  companyId: string,
  filters: AccountFilters & { limit: number; offset: number },
): Promise<{ items: Account[]; total: number }> {
  const { rows, total } = await selectSortedPage(
    selectMatchingAccounts(db, companyId, filters),
    (query) => query.selectAll('a').select('c.display_name as customer_name'),
    filters.sort,
    accountSorting,
    filters,
  );
  return { items: rows.map(toAccount), total };
}

/** Returns the ids of the matching accounts in list order, at most `limit`. */
export function listAccountIds(
  db: DbOrTrx,
  companyId: string,
  filters: AccountFilters,
  limit: number,
): Promise<string[]> {
  return selectSortedIds(selectMatchingAccounts(db, companyId, filters), filters.sort, accountSorting, limit);
}

export async function updateAccountRow(
  trx: Trx,
  companyId: string,
  accountId: string,
  values: Partial<
    Pick<
      Account,
      'billCycleId' | 'billDelivery' | 'billDeliveryEmail' | 'paymentMethod' | 'paymentTermsDays' | 'status'
    >
  >,
): Promise<void> {
  await trx
    .updateTable('customers.account')
    .set({
      ...(values.billCycleId !== undefined ? { bill_cycle_id: values.billCycleId } : {}),
      ...(values.billDelivery !== undefined ? { bill_delivery: values.billDelivery } : {}),
      ...(values.billDeliveryEmail !== undefined ? { bill_delivery_email: values.billDeliveryEmail } : {}),
      ...(values.paymentMethod !== undefined ? { payment_method: values.paymentMethod } : {}),
      ...(values.paymentTermsDays !== undefined ? { payment_terms_days: values.paymentTermsDays } : {}),
      ...(values.status !== undefined ? { status: values.status } : {}),
    })
    .where('company_id', '=', companyId)
    .where('id', '=', accountId)
    .execute();
}

function toAccount(row: Selectable<AccountTable> & { customer_name: string }): Account {
  return {
    id: row.id,
    accountNumber: row.account_number,
    customerId: row.customer_id,
    customerName: row.customer_name,
    billCycleId: row.bill_cycle_id,
    status: row.status,
    billDelivery: row.bill_delivery,
    billDeliveryEmail: row.bill_delivery_email,
    paymentMethod: row.payment_method,
    paymentTermsDays: row.payment_terms_days,
    createdAt: row.created_at.toISOString(),
  };
}
