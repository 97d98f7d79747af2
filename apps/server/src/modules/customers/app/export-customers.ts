import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { readExportRows } from '../../../platform/db/read-export-rows.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { CustomerSummary } from '../domain/customer.js';
import { listCustomersQuerySchema, type ListCustomersQuery } from '../domain/customer-schemas.js';
import { findCustomerSummariesByIds, listCustomerIds } from '../db/customer-queries.js';

/** Reads every customer the list query matches, in its order, for a CSV export of at most `maxRows`. */
export async function exportCustomers(
  db: DbOrTrx,
  context: RequestContext,
  query: ListCustomersQuery,
  maxRows: number,
): Promise<AsyncIterable<CustomerSummary[]>> {
  const filters = parseInput(listCustomersQuerySchema, query, 'CUSTOMERS.INVALID_QUERY');
  return readExportRows(
    {
      selectIds: (limit) => listCustomerIds(db, context.companyId, filters, limit),
      selectRows: (ids) => findCustomerSummariesByIds(db, context.companyId, ids),
      idOf: (customer) => customer.id,
    },
    maxRows,
  );
}
