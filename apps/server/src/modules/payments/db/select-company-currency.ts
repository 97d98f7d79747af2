import type { DbOrTrx } from '../../../platform/context/request-context.js';

export type CompanyCurrency = { currency: string; currencyMinorUnit: number; timeZone: string };

// NOTE: reads companies.company directly because the companies module exports no lookup yet.
export async function selectCompanyCurrency(
  db: DbOrTrx,
  companyId: string,
): Promise<CompanyCurrency | undefined> {
  const row = await db
    .selectFrom('companies.company')
    .select(['currency', 'currency_minor_unit', 'time_zone'])
    .where('id', '=', companyId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    currency: row.currency.trim(),
    currencyMinorUnit: Number(row.currency_minor_unit),
    timeZone: row.time_zone,
  };
}
