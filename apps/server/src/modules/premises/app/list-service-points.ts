import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import type { Page } from '../../../platform/validation/page.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { ServicePoint } from '../domain/premise.js';
import { listServicePointsQuerySchema, type ListServicePointsQuery } from '../domain/premise-schemas.js';
import { listServicePointRows } from '../db/premise-queries.js';

/** Lists a page of the company's service points, filtered by premise, service or market id, in the requested order. */
export async function listServicePoints(
  db: DbOrTrx,
  context: RequestContext,
  query: ListServicePointsQuery = {},
): Promise<Page<ServicePoint>> {
  const filters = parseInput(listServicePointsQuerySchema, query, 'PREMISES.INVALID_QUERY');
  const { items, total } = await listServicePointRows(db, context.companyId, {
    ...filters,
    premiseIds: filters.premiseId ? [filters.premiseId] : undefined,
  });
  return { items, total, limit: filters.limit, offset: filters.offset };
}
