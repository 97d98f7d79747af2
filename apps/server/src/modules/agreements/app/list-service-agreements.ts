import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import type { Page } from '../../../platform/validation/page.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { ServiceAgreement } from '../domain/service-agreement.js';
import {
  listServiceAgreementsQuerySchema,
  type ListServiceAgreementsQuery,
} from '../domain/service-agreement-schemas.js';
import { listServiceAgreementRows } from '../db/service-agreement-queries.js';

/** Lists a page of agreements by account, service point, tariff, payment mode or dates, newest start first by default. */
export async function listServiceAgreements(
  db: DbOrTrx,
  context: RequestContext,
  query: ListServiceAgreementsQuery = {},
): Promise<Page<ServiceAgreement>> {
  const filters = parseInput(listServiceAgreementsQuerySchema, query, 'AGREEMENTS.INVALID_QUERY');
  const { items, total } = await listServiceAgreementRows(db, context.companyId, filters);
  return { items, total, limit: filters.limit, offset: filters.offset };
}
