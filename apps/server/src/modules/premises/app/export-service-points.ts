import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { readExportRows } from '../../../platform/db/read-export-rows.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { ServicePoint } from '../domain/premise.js';
import { listServicePointsQuerySchema, type ListServicePointsQuery } from '../domain/premise-schemas.js';
import { findServicePointsByIds, listServicePointIds } from '../db/premise-queries.js';

/** Reads every service point the list query matches, in its order, for a CSV export of at most `maxRows`. */
export async function exportServicePoints(
  db: DbOrTrx,
  context: RequestContext,
  query: ListServicePointsQuery,
  maxRows: number,
): Promise<AsyncIterable<ServicePoint[]>> {
  const filters = parseInput(listServicePointsQuerySchema, query, 'PREMISES.INVALID_QUERY');
  const premiseIds = filters.premiseId ? [filters.premiseId] : undefined;
  return readExportRows(
    {
      selectIds: (limit) => listServicePointIds(db, context.companyId, { ...filters, premiseIds }, limit),
      selectRows: (ids) => findServicePointsByIds(db, context.companyId, ids),
      idOf: (point) => point.id,
    },
    maxRows,
  );
}
