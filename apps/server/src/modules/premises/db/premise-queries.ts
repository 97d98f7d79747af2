import type { Selectable } from 'kysely';
import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import type { PremiseTable, ServicePointTable } from '../../../platform/db/schema.js';
import type { ListSorting } from '../../../platform/db/order-by-sort.js';
import { selectSortedIds, selectSortedPage } from '../../../platform/db/select-sorted.js';
import { anyPremiseIdMatching } from '../../search/index.js';
import type { Premise, ServicePoint } from '../domain/premise.js';
import type {
  PremiseFilters,
  PremiseSortField,
  ServicePointFilters,
  ServicePointSortField,
} from '../domain/premise-schemas.js';

const ROWS_PER_INSERT = 2_000;

export async function insertPremises(trx: Trx, companyId: string, premises: Premise[]): Promise<void> {
  for (let start = 0; start < premises.length; start += ROWS_PER_INSERT) {
    await trx
      .insertInto('premises.premise')
      .values(
        premises.slice(start, start + ROWS_PER_INSERT).map((premise) => toPremiseRow(companyId, premise)),
      )
      .execute();
  }
}

export async function updatePremiseRow(trx: Trx, companyId: string, premise: Premise): Promise<void> {
  const { company_id: _company, id: _id, ...values } = toPremiseRow(companyId, premise);
  await trx
    .updateTable('premises.premise')
    .set(values)
    .where('company_id', '=', companyId)
    .where('id', '=', premise.id)
    .execute();
}

export async function findPremise(
  db: DbOrTrx,
  companyId: string,
  premiseId: string,
  options: { forUpdate?: boolean } = {},
): Promise<Premise | undefined> {
  let query = db
    .selectFrom('premises.premise')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', premiseId);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toPremise(row) : undefined;
}

// Each field is followed by the columns of the usual address order, so that ties read naturally.
const premiseSorting: ListSorting<PremiseSortField> = {
  columns: {
    country: ['country', 'city', 'address_line1'],
    city: ['city', 'address_line1'],
    addressLine1: 'address_line1',
    postalCode: 'postal_code',
    region: ['region', 'city', 'address_line1'],
  },
  uniqueColumn: 'id',
};

function selectMatchingPremises(db: DbOrTrx, companyId: string, filters: PremiseFilters) {
  let query = db.selectFrom('premises.premise').where('company_id', '=', companyId);
  if (filters.country) query = query.where('country', '=', filters.country);
  if (filters.search) query = query.where('id', '=', anyPremiseIdMatching(filters.search));
  return query;
}

export async function listPremiseRows(
  db: DbOrTrx,
  companyId: string,
  filters: PremiseFilters & { limit: number; offset: number },
): Promise<{ items: Premise[]; total: number }> {
  const { rows, total } = await selectSortedPage(
    selectMatchingPremises(db, companyId, filters),
    (query) => query.selectAll(),
    filters.sort,
    premiseSorting,
    filters,
  );
  return { items: rows.map(toPremise), total };
}

/** Returns the ids of the matching premises in list order, at most `limit`. */
export function listPremiseIds(
  db: DbOrTrx,
  companyId: string,
  filters: PremiseFilters,
  limit: number,
): Promise<string[]> {
  return selectSortedIds(selectMatchingPremises(db, companyId, filters), filters.sort, premiseSorting, limit);
}

export async function findPremisesByIds(
  db: DbOrTrx,
  companyId: string,
  premiseIds: string[],
): Promise<Premise[]> {
  if (premiseIds.length === 0) return [];
  const rows = await db
    .selectFrom('premises.premise')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', 'in', premiseIds)
    .execute();
  return rows.map(toPremise);
}

export async function insertServicePoints(
  trx: Trx,
  companyId: string,
  servicePoints: ServicePoint[],
): Promise<void> {
  for (let start = 0; start < servicePoints.length; start += ROWS_PER_INSERT) {
    await trx
      .insertInto('premises.service_point')
      .values(
        servicePoints.slice(start, start + ROWS_PER_INSERT).map((point) => ({
          company_id: companyId,
          id: point.id,
          premise_id: point.premiseId,
          service: point.service,
          market_id: point.marketId,
        })),
      )
      .execute();
  }
}

export async function findServicePoint(
  db: DbOrTrx,
  companyId: string,
  servicePointId: string,
): Promise<ServicePoint | undefined> {
  const row = await db
    .selectFrom('premises.service_point')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', servicePointId)
    .executeTakeFirst();
  return row ? toServicePoint(row) : undefined;
}

export async function findServicePointsByIds(
  db: DbOrTrx,
  companyId: string,
  servicePointIds: string[],
): Promise<ServicePoint[]> {
  if (servicePointIds.length === 0) return [];
  const rows = await db
    .selectFrom('premises.service_point')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', 'in', servicePointIds)
    .execute();
  return rows.map(toServicePoint);
}

const servicePointSorting: ListSorting<ServicePointSortField> = {
  columns: {
    premiseId: ['premise_id', 'service'],
    service: 'service',
    marketId: 'market_id',
  },
  uniqueColumn: 'id',
};

function selectMatchingServicePoints(db: DbOrTrx, companyId: string, filters: ServicePointFilters) {
  let query = db.selectFrom('premises.service_point').where('company_id', '=', companyId);
  if (filters.premiseIds) query = query.where('premise_id', 'in', filters.premiseIds);
  if (filters.service) query = query.where('service', '=', filters.service);
  if (filters.marketId) query = query.where('market_id', '=', filters.marketId);
  return query;
}

export async function listServicePointRows(
  db: DbOrTrx,
  companyId: string,
  filters: ServicePointFilters & { limit: number; offset: number },
): Promise<{ items: ServicePoint[]; total: number }> {
  if (filters.premiseIds?.length === 0) return { items: [], total: 0 };
  const { rows, total } = await selectSortedPage(
    selectMatchingServicePoints(db, companyId, filters),
    (query) => query.selectAll(),
    filters.sort,
    servicePointSorting,
    filters,
  );
  return { items: rows.map(toServicePoint), total };
}

/** Returns the ids of the matching service points in list order, at most `limit`. */
export function listServicePointIds(
  db: DbOrTrx,
  companyId: string,
  filters: ServicePointFilters,
  limit: number,
): Promise<string[]> {
  if (filters.premiseIds?.length === 0) return Promise.resolve([]);
  return selectSortedIds(
    selectMatchingServicePoints(db, companyId, filters),
    filters.sort,
    servicePointSorting,
    limit,
  );
}

function toPremiseRow(companyId: string, premise: Premise) {
  return {
    company_id: companyId,
    id: premise.id,
    address_line1: premise.addressLine1,
    address_line2: premise.addressLine2,
    city: premise.city,
    postal_code: premise.postalCode,
    region: premise.region,
    country: premise.country,
    latitude: premise.location?.latitude ?? null,
    longitude: premise.location?.longitude ?? null,
  };
}

function toPremise(row: Selectable<PremiseTable>): Premise {
  return {
    id: row.id,
    addressLine1: row.address_line1,
    addressLine2: row.address_line2,
    city: row.city,
    postalCode: row.postal_code,
    region: row.region,
    country: row.country,
    location:
      row.latitude !== null && row.longitude !== null
        ? { latitude: row.latitude, longitude: row.longitude }
        : null,
  };
}

function toServicePoint(row: Selectable<ServicePointTable>): ServicePoint {
  return { id: row.id, premiseId: row.premise_id, service: row.service, marketId: row.market_id };
}
