import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { readExportRows } from '../../../platform/db/read-export-rows.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { findTariffsByIds, listTariffIds } from '../db/tariff-list-queries.js';
import type { Tariff } from '../domain/tariff.js';
import { listTariffsQuerySchema, type ListTariffsQuery } from '../domain/tariff-list-schemas.js';

/** Reads every tariff the list query matches, in its order, for a CSV export of at most `maxRows`. */
export async function exportTariffs(
  db: DbOrTrx,
  companyId: string,
  query: ListTariffsQuery,
  maxRows: number,
): Promise<AsyncIterable<Tariff[]>> {
  const filters = parseInput(listTariffsQuerySchema, query, 'RATES.INVALID_QUERY');
  return readExportRows(
    {
      selectIds: (limit) => listTariffIds(db, companyId, filters, limit),
      selectRows: (ids) => findTariffsByIds(db, companyId, ids),
      idOf: (tariff) => tariff.id,
    },
    maxRows,
  );
}
