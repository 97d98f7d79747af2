import { sql, type Selectable } from 'kysely';
import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import type { ServiceAgreementTable } from '../../../platform/db/schema.js';
import type { ListSorting } from '../../../platform/db/order-by-sort.js';
import { selectSortedIds, selectSortedPage } from '../../../platform/db/select-sorted.js';
import type { ServiceAgreement } from '../domain/service-agreement.js';
import type {
  ServiceAgreementFilters,
  ServiceAgreementSortField,
} from '../domain/service-agreement-schemas.js';

const ROWS_PER_INSERT = 2_000;

export async function insertServiceAgreements(
  trx: Trx,
  companyId: string,
  agreements: Omit<ServiceAgreement, 'createdAt'>[],
): Promise<Map<string, string>> {
  const createdAt = new Map<string, string>();
  for (let start = 0; start < agreements.length; start += ROWS_PER_INSERT) {
    const rows = await trx
      .insertInto('agreements.service_agreement')
      .values(
        agreements.slice(start, start + ROWS_PER_INSERT).map((agreement) => ({
          company_id: companyId,
          id: agreement.id,
          account_id: agreement.accountId,
          service_point_id: agreement.servicePointId,
          tariff_id: agreement.tariffId,
          payment_mode: agreement.paymentMode,
          start_on: agreement.startOn,
          end_on: agreement.endOn,
        })),
      )
      .returning(['id', 'created_at'])
      .execute();
    for (const row of rows) createdAt.set(row.id, row.created_at.toISOString());
  }
  return createdAt;
}

/** Lists the agreements of the given service points, oldest first, locking them against a concurrent change. */
export async function listAgreementsOfServicePoints(
  trx: Trx,
  companyId: string,
  servicePointIds: string[],
): Promise<ServiceAgreement[]> {
  if (servicePointIds.length === 0) return [];
  const rows = await trx
    .selectFrom('agreements.service_agreement')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('service_point_id', 'in', servicePointIds)
    .orderBy('start_on')
    .forUpdate()
    .execute();
  return rows.map(toServiceAgreement);
}

/** Lists the agreements of the given accounts, newest start first, at most `limit`. */
export async function listAgreementsOfAccounts(
  db: DbOrTrx,
  companyId: string,
  accountIds: string[],
  limit: number,
): Promise<ServiceAgreement[]> {
  if (accountIds.length === 0) return [];
  const rows = await db
    .selectFrom('agreements.service_agreement')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('account_id', 'in', accountIds)
    .orderBy('start_on', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toServiceAgreement);
}

export async function findServiceAgreement(
  db: DbOrTrx,
  companyId: string,
  agreementId: string,
  options: { forUpdate?: boolean } = {},
): Promise<ServiceAgreement | undefined> {
  let query = db
    .selectFrom('agreements.service_agreement')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', agreementId);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toServiceAgreement(row) : undefined;
}

export async function setAgreementEnd(
  trx: Trx,
  companyId: string,
  agreementId: string,
  endOn: string,
): Promise<void> {
  await trx
    .updateTable('agreements.service_agreement')
    .set({ end_on: endOn })
    .where('company_id', '=', companyId)
    .where('id', '=', agreementId)
    .execute();
}

const agreementSorting: ListSorting<ServiceAgreementSortField> = {
  columns: {
    startOn: 'start_on',
    endOn: 'end_on',
    createdAt: 'created_at',
  },
  uniqueColumn: 'id',
};

function selectMatchingAgreements(db: DbOrTrx, companyId: string, filters: ServiceAgreementFilters) {
  let query = db.selectFrom('agreements.service_agreement').where('company_id', '=', companyId);
  if (filters.accountId) query = query.where('account_id', '=', filters.accountId);
  if (filters.servicePointId) query = query.where('service_point_id', '=', filters.servicePointId);
  if (filters.tariffId) query = query.where('tariff_id', '=', filters.tariffId);
  if (filters.paymentMode) query = query.where('payment_mode', '=', filters.paymentMode);
  if (filters.activeOn) {
    query = query.where(sql<boolean>`daterange(start_on, end_on) @> ${filters.activeOn}::date`);
  }
  if (filters.startOnFrom) query = query.where('start_on', '>=', filters.startOnFrom);
  if (filters.startOnTo) query = query.where('start_on', '<=', filters.startOnTo);
  return query;
}

export async function listServiceAgreementRows(
  db: DbOrTrx,
  companyId: string,
  filters: ServiceAgreementFilters & { limit: number; offset: number },
): Promise<{ items: ServiceAgreement[]; total: number }> {
  const { rows, total } = await selectSortedPage(
    selectMatchingAgreements(db, companyId, filters),
    (query) => query.selectAll(),
    filters.sort,
    agreementSorting,
    filters,
  );
  return { items: rows.map(toServiceAgreement), total };
}

/** Returns the ids of the matching agreements in list order, at most `limit`. */
export function listServiceAgreementIds(
  db: DbOrTrx,
  companyId: string,
  filters: ServiceAgreementFilters,
  limit: number,
): Promise<string[]> {
  return selectSortedIds(
    selectMatchingAgreements(db, companyId, filters),
    filters.sort,
    agreementSorting,
    limit,
  );
}

/**
 * Returns the agreements with the payment mode that are in force on `date` at any of the service points,
 * ordered by service point and start date.
 */
export async function selectAgreementsInForce(
  db: DbOrTrx,
  companyId: string,
  servicePointIds: readonly string[],
  date: string,
  paymentMode: ServiceAgreement['paymentMode'],
): Promise<ServiceAgreement[]> {
  if (servicePointIds.length === 0) return [];
  const rows = await db
    .selectFrom('agreements.service_agreement')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('service_point_id', 'in', [...new Set(servicePointIds)])
    .where('payment_mode', '=', paymentMode)
    .where(sql<boolean>`daterange(start_on, end_on) @> ${date}::date`)
    .orderBy('service_point_id')
    .orderBy('start_on')
    .orderBy('id')
    .execute();
  return rows.map(toServiceAgreement);
}

export async function findServiceAgreementsByIds(
  db: DbOrTrx,
  companyId: string,
  agreementIds: string[],
): Promise<ServiceAgreement[]> {
  if (agreementIds.length === 0) return [];
  const rows = await db
    .selectFrom('agreements.service_agreement')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', 'in', agreementIds)
    .execute();
  return rows.map(toServiceAgreement);
}

function toServiceAgreement(row: Selectable<ServiceAgreementTable>): ServiceAgreement {
  return {
    id: row.id,
    accountId: row.account_id,
    servicePointId: row.service_point_id,
    tariffId: row.tariff_id,
    paymentMode: row.payment_mode,
    startOn: row.start_on,
    endOn: row.end_on,
    createdAt: row.created_at.toISOString(),
  };
}
