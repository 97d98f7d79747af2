import { sql } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { TariffVersion } from '../domain/tariff.js';
import { tariffVersionColumns, toTariffVersion } from './tariff-rows.js';

/** Lists every version of one tariff, oldest first. */
export async function listTariffVersions(
  db: DbOrTrx,
  companyId: string,
  tariffId: string,
): Promise<TariffVersion[]> {
  const rows = await db
    .selectFrom('rates.tariff_version')
    .select(tariffVersionColumns)
    .select(sql<boolean>`source_document is not null`.as('has_source_document'))
    .where('company_id', '=', companyId)
    .where('tariff_id', '=', tariffId)
    .orderBy('effective_from')
    .execute();
  return rows.map(toTariffVersion);
}

export type VersionRange = { id: string; effectiveFrom: string; effectiveTo: string | null };

/** Lists the versions of a tariff whose range intersects [from, to); `to` null means open-ended. */
export async function listOverlappingVersionRanges(
  db: DbOrTrx,
  companyId: string,
  tariffId: string,
  from: string,
  to: string | null,
): Promise<VersionRange[]> {
  const rows = await db
    .selectFrom('rates.tariff_version')
    .select(['id', 'effective_from', 'effective_to'])
    .where('company_id', '=', companyId)
    .where('tariff_id', '=', tariffId)
    .where(sql<boolean>`daterange(effective_from, effective_to) && daterange(${from}::date, ${to}::date)`)
    .orderBy('effective_from')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
  }));
}
