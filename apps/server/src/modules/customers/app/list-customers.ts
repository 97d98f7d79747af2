import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import type { Page } from '../../../platform/validation/page.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { CustomerSummary } from '../domain/customer.js';
import { listCustomersQuerySchema, type ListCustomersQuery } from '../domain/customer-schemas.js';
import { listCustomerRows } from '../db/customer-queries.js';

/** Lists a page of the company's customers, filtered by name fragment and kind, in the requested order. */
export async function listCustomers(
  db: DbOrTrx,
  context: RequestContext,
  query: ListCustomersQuery = {},
): Promise<Page<CustomerSummary>> {
  const filters = parseInput(listCustomersQuerySchema, query, 'CUSTOMERS.INVALID_QUERY');
  const { items, total } = await listCustomerRows(db, context.companyId, filters);
  return { items, total, limit: filters.limit, offset: filters.offset };
}
