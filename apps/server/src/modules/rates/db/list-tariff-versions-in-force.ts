import { sql } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { TariffVersion } from '../domain/tariff.js';
import { tariffVersionColumns, toTariffVersion } from './tariff-rows.js';

/**
 * Lists, in one query, the versions of the given tariffs that are in force on at least one day of the
 * half-open period [from, to), ordered by tariff and start date. A tariff with no version in the period
 * is absent, so the caller can report it as unrated. The bill run calls this once per chunk of agreements.
 */
export async function listTariffVersionsInForce(
  db: DbOrTrx,
  companyId: string,
  tariffIds: readonly string[],
  from: Temporal.PlainDate,
  to: Temporal.PlainDate,
): Promise<TariffVersion[]> {
  if (tariffIds.length === 0) return [];
  const rows = await db
    .selectFrom('rates.tariff_version')
    .select(tariffVersionColumns)
    .select(sql<boolean>`source_document is not null`.as('has_source_document'))
    .where('company_id', '=', companyId)
    .where('tariff_id', '=', sql<string>`any(${[...new Set(tariffIds)]}::uuid[])`)
    .where(
      sql<boolean>`daterange(effective_from, effective_to) && daterange(${from.toString()}::date, ${to.toString()}::date)`,
    )
    .orderBy('tariff_id')
    .orderBy('effective_from')
    .execute();
  return rows.map(toTariffVersion);
}
