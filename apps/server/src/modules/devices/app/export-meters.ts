import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { readExportRows } from '../../../platform/db/read-export-rows.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { Meter } from '../domain/meter.js';
import { listMetersQuerySchema, type ListMetersQuery } from '../domain/meter-schemas.js';
import { findMetersByIds, listMeterIds } from '../db/meter-queries.js';

/** Reads every meter the list query matches, in its order, for a CSV export of at most `maxRows`. */
export async function exportMeters(
  db: DbOrTrx,
  context: RequestContext,
  query: ListMetersQuery,
  maxRows: number,
): Promise<AsyncIterable<Meter[]>> {
  const filters = parseInput(listMetersQuerySchema, query, 'DEVICES.INVALID_QUERY');
  return readExportRows(
    {
      selectIds: (limit) => listMeterIds(db, context.companyId, filters, limit),
      selectRows: (ids) => findMetersByIds(db, context.companyId, ids),
      idOf: (meter) => meter.id,
    },
    maxRows,
  );
}
