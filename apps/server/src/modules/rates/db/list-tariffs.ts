import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { ServiceKind } from '../../../platform/db/schema.js';
import type { Tariff } from '../domain/tariff.js';
import { toTariff } from './tariff-rows.js';

export type ListTariffsOptions = {
  service?: ServiceKind;
  /** Keyset cursor: the code of the last tariff of the previous page. */
  afterCode?: string;
  limit?: number;
};

export type TariffPage = { items: Tariff[]; nextAfterCode: string | null };

export const maxTariffPageSize = 500;

/** Lists a company's tariffs in code order, one page at a time. */
export async function listTariffs(
  db: DbOrTrx,
  companyId: string,
  options: ListTariffsOptions = {},
): Promise<TariffPage> {
  const limit = Math.min(options.limit ?? 100, maxTariffPageSize);
  let query = db.selectFrom('rates.tariff').selectAll().where('company_id', '=', companyId);
  if (options.service) query = query.where('service', '=', options.service);
  if (options.afterCode !== undefined) query = query.where('code', '>', options.afterCode);
  const rows = await query
    .orderBy('code')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(toTariff);
  const hasMore = rows.length > limit;
  return { items, nextAfterCode: hasMore ? (items.at(-1)?.code ?? null) : null };
}
