import { assertPermission } from '../../../platform/auth/assert-permission.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { readExportRows } from '../../../platform/db/read-export-rows.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { Page } from '../../../platform/validation/page.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { findVendSummariesByIds, listVendIds, listVendRows } from '../db/vend-list-queries.js';
import { selectCashier } from '../db/vending-agent-queries.js';
import { listVendsQuerySchema, type ListVendsQuery, type VendFilters } from '../domain/vend-list-schemas.js';
import type { VendSummary } from '../domain/vend-summary.js';
import { isAgentUser } from './agent-float.js';
import { loadVendCustomers, type VendCustomer } from './load-vend-customers.js';

/** A vend in a sales list, with the account number and name of its customer. */
export type ListedVend = VendSummary & VendCustomer;

/**
 * Lists a page of vends, newest first unless sorted otherwise. A login that sells for an agent (an agent
 * user or an API key assigned as its cashier) gets its own agent's vends only, and an agent user not yet
 * assigned gets none. Other staff need prepayment:read as well and see every vend, or one agent's with
 * `agentId`.
 */
export async function listVends(
  db: DbOrTrx,
  context: RequestContext,
  query: ListVendsQuery = {},
): Promise<Page<ListedVend>> {
  const parsed = parseInput(listVendsQuerySchema, query, 'PREPAYMENT.INVALID_VEND_QUERY');
  const filters = await scopeToSeller(db, context, parsed);
  const page = { limit: parsed.limit, offset: parsed.offset };
  if (filters === undefined) return { items: [], total: 0, ...page };
  const { items, total } = await listVendRows(db, context.companyId, { ...filters, ...page });
  return { items: await addCustomers(db, context, items), total, ...page };
}

/** Reads every vend the list query matches, in its order and scoped as listVends is, for a CSV export. */
export async function exportVends(
  db: DbOrTrx,
  context: RequestContext,
  query: ListVendsQuery,
  maxRows: number,
): Promise<AsyncIterable<ListedVend[]>> {
  const parsed = parseInput(listVendsQuerySchema, query, 'PREPAYMENT.INVALID_VEND_QUERY');
  const filters = await scopeToSeller(db, context, parsed);
  return readExportRows(
    {
      selectIds: async (limit) =>
        filters === undefined ? [] : listVendIds(db, context.companyId, filters, limit),
      selectRows: async (ids) =>
        addCustomers(db, context, await findVendSummariesByIds(db, context.companyId, ids)),
      idOf: (vend) => vend.id,
    },
    maxRows,
  );
}

/**
 * Returns the filters limited to the vends the caller may see, or undefined when it may see none. Asking
 * for another agent's vends from an agent's login is a not-found, as that agent is hidden from it.
 */
async function scopeToSeller(
  db: DbOrTrx,
  context: RequestContext,
  filters: VendFilters,
): Promise<VendFilters | undefined> {
  assertPermission(context, 'vending:read');
  const requested = filters.agentId;
  const cashier = await selectCashier(db, context.companyId, context.actor);
  const sellsFor = cashier?.agentId ?? ((await isAgentUser(db, context)) ? null : undefined);
  if (sellsFor === undefined) {
    assertPermission(context, 'prepayment:read');
    return filters;
  }
  if (requested !== undefined && requested !== sellsFor) {
    throw notFound(
      'PREPAYMENT.AGENT_NOT_FOUND',
      `Vending agent ${requested} does not exist in this company.`,
    );
  }
  return sellsFor === null ? undefined : { ...filters, agentId: sellsFor };
}

async function addCustomers(
  db: DbOrTrx,
  context: RequestContext,
  vends: VendSummary[],
): Promise<ListedVend[]> {
  const customers = await loadVendCustomers(
    db,
    context,
    vends.map((vend) => vend.accountId),
  );
  return vends.map((vend) => {
    const customer = customers.get(vend.accountId);
    if (!customer) throw new Error(`Account ${vend.accountId} of vend ${vend.id} is missing.`);
    return { ...vend, ...customer };
  });
}
