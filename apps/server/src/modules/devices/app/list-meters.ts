import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import type { Page } from '../../../platform/validation/page.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { Meter } from '../domain/meter.js';
import { listMetersQuerySchema, type ListMetersQuery } from '../domain/meter-schemas.js';
import { listMeterRows } from '../db/meter-queries.js';

/** Lists a page of the company's meters with their registers, in the requested order. */
export async function listMeters(
  db: DbOrTrx,
  context: RequestContext,
  query: ListMetersQuery = {},
): Promise<Page<Meter>> {
  const filters = parseInput(listMetersQuerySchema, query, 'DEVICES.INVALID_QUERY');
  const { items, total } = await listMeterRows(db, context.companyId, filters);
  return { items, total, limit: filters.limit, offset: filters.offset };
}
