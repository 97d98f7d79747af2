import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { escapeLike } from '../../../platform/db/escape-like.js';
import type { ListSorting } from '../../../platform/db/order-by-sort.js';
import { selectSortedIds, selectSortedPage } from '../../../platform/db/select-sorted.js';
import type { Tariff } from '../domain/tariff.js';
import type { TariffFilters, TariffSortField } from '../domain/tariff-list-schemas.js';
import { toTariff } from './tariff-rows.js';

const tariffSorting: ListSorting<TariffSortField> = {
  columns: {
    code: 'code',
    name: 'name',
    service: ['service', 'code'],
    createdAt: 'created_at',
  },
  uniqueColumn: 'id',
};

function selectMatchingTariffs(db: DbOrTrx, companyId: string, filters: TariffFilters) {
  let query = db.selectFrom('rates.tariff').where('company_id', '=', companyId);
  if (filters.service) query = query.where('service', '=', filters.service);
  if (filters.search) {
    const fragment = escapeLike(filters.search);
    query = query.where((eb) =>
      eb.or([eb('code', 'ilike', `${fragment}%`), eb('name', 'ilike', `%${fragment}%`)]),
    );
  }
  return query;
}

export async function listTariffRows(
  db: DbOrTrx,
  companyId: string,
  filters: TariffFilters & { limit: number; offset: number },
): Promise<{ items: Tariff[]; total: number }> {
  const { rows, total } = await selectSortedPage(
    selectMatchingTariffs(db, companyId, filters),
    (query) => query.selectAll(),
    filters.sort,
    tariffSorting,
    filters,
  );
  return { items: rows.map(toTariff), total };
}

/** Returns the ids of the matching tariffs in list order, at most `limit`. */
export function listTariffIds(
  db: DbOrTrx,
  companyId: string,
  filters: TariffFilters,
  limit: number,
): Promise<string[]> {
  return selectSortedIds(selectMatchingTariffs(db, companyId, filters), filters.sort, tariffSorting, limit);
}

export async function findTariffsByIds(
  db: DbOrTrx,
  companyId: string,
  tariffIds: string[],
): Promise<Tariff[]> {
  if (tariffIds.length === 0) return [];
  const rows = await db
    .selectFrom('rates.tariff')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', 'in', tariffIds)
    .execute();
  return rows.map(toTariff);
}
