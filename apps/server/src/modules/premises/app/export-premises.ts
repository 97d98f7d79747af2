import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { readExportRows } from '../../../platform/db/read-export-rows.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { Premise } from '../domain/premise.js';
import { listPremisesQuerySchema, type ListPremisesQuery } from '../domain/premise-schemas.js';
import { findPremisesByIds, listPremiseIds } from '../db/premise-queries.js';

/** Reads every premise the list query matches, in its order, for a CSV export of at most `maxRows`. */
export async function exportPremises(
  db: DbOrTrx,
  context: RequestContext,
  query: ListPremisesQuery,
  maxRows: number,
): Promise<AsyncIterable<Premise[]>> {
  const filters = parseInput(listPremisesQuerySchema, query, 'PREMISES.INVALID_QUERY');
  return readExportRows(
    {
      selectIds: (limit) => listPremiseIds(db, context.companyId, filters, limit),
      selectRows: (ids) => findPremisesByIds(db, context.companyId, ids),
      idOf: (premise) => premise.id,
    },
    maxRows,
  );
}
