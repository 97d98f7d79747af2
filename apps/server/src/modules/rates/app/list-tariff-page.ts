import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { Page } from '../../../platform/validation/page.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { listTariffRows } from '../db/tariff-list-queries.js';
import type { Tariff } from '../domain/tariff.js';
import { listTariffsQuerySchema, type ListTariffsQuery } from '../domain/tariff-list-schemas.js';

/**
 * Lists a page of the company's tariffs, in code order unless sorted otherwise. The command line pages
 * through all tariffs with the keyset `listTariffs` instead.
 */
export async function listTariffPage(
  db: DbOrTrx,
  companyId: string,
  query: ListTariffsQuery = {},
): Promise<Page<Tariff>> {
  const filters = parseInput(listTariffsQuerySchema, query, 'RATES.INVALID_QUERY');
  const { items, total } = await listTariffRows(db, companyId, filters);
  return { items, total, limit: filters.limit, offset: filters.offset };
}
