import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { readExportRows } from '../../../platform/db/read-export-rows.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { ServiceAgreement } from '../domain/service-agreement.js';
import {
  listServiceAgreementsQuerySchema,
  type ListServiceAgreementsQuery,
} from '../domain/service-agreement-schemas.js';
import { findServiceAgreementsByIds, listServiceAgreementIds } from '../db/service-agreement-queries.js';

/** Reads every agreement the list query matches, in its order, for a CSV export of at most `maxRows`. */
export async function exportServiceAgreements(
  db: DbOrTrx,
  context: RequestContext,
  query: ListServiceAgreementsQuery,
  maxRows: number,
): Promise<AsyncIterable<ServiceAgreement[]>> {
  const filters = parseInput(listServiceAgreementsQuerySchema, query, 'AGREEMENTS.INVALID_QUERY');
  return readExportRows(
    {
      selectIds: (limit) => listServiceAgreementIds(db, context.companyId, filters, limit),
      selectRows: (ids) => findServiceAgreementsByIds(db, context.companyId, ids),
      idOf: (agreement) => agreement.id,
    },
    maxRows,
  );
}
