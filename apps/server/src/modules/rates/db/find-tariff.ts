import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { Tariff } from '../domain/tariff.js';
import { toTariff } from './tariff-rows.js';

export async function findTariff(
  db: DbOrTrx,
  companyId: string,
  tariffId: string,
): Promise<Tariff | undefined> {
  const row = await db
    .selectFrom('rates.tariff')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', tariffId)
    .executeTakeFirst();
  return row ? toTariff(row) : undefined;
}

export async function findTariffByCode(
  db: DbOrTrx,
  companyId: string,
  code: string,
): Promise<Tariff | undefined> {
  const row = await db
    .selectFrom('rates.tariff')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('code', '=', code)
    .executeTakeFirst();
  return row ? toTariff(row) : undefined;
}
