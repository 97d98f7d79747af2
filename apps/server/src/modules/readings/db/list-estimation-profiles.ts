import { Decimal } from 'decimal.js';
import type { DbOrTrx } from '../../../platform/context/request-context.js';

export type EstimationProfile = {
  unit: 'kWh' | 'm3' | 'ft3' | 'therm' | 'gal';
  name: string;
  /** Daily use in each calendar month, January first, as decimal strings. */
  dailyQuantityByMonth: string[];
};

/** Lists the company's estimation profiles, one per register unit at most. */
export async function listEstimationProfiles(db: DbOrTrx, companyId: string): Promise<EstimationProfile[]> {
  const rows = await db
    .selectFrom('readings.estimation_profile')
    .select(['unit', 'name', 'daily_quantity_by_month'])
    .where('company_id', '=', companyId)
    .orderBy('unit')
    .execute();
  // numeric(18, 6) comes back padded ("20.000000"); the profile shows each quantity as entered.
  return rows.map((row) => ({
    unit: row.unit,
    name: row.name,
    dailyQuantityByMonth: row.daily_quantity_by_month.map((quantity) => new Decimal(quantity).toString()),
  }));
}
