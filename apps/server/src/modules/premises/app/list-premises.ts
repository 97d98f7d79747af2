import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import type { Page } from '../../../platform/validation/page.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { Premise } from '../domain/premise.js';
import { listPremisesQuerySchema, type ListPremisesQuery } from '../domain/premise-schemas.js';
import { listPremiseRows } from '../db/premise-queries.js';

/** Lists a page of the company's premises, filtered by an address fragment or country, in the requested order. */
export async function listPremises(
  db: DbOrTrx,
  context: RequestContext,
  query: ListPremisesQuery = {},
): Promise<Page<Premise>> {
  const filters = parseInput(listPremisesQuerySchema, query, 'PREMISES.INVALID_QUERY');
  const { items, total } = await listPremiseRows(db, context.companyId, filters);
  return { items, total, limit: filters.limit, offset: filters.offset };
}
