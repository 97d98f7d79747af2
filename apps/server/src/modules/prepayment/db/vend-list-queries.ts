import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { escapeLike } from '../../../platform/db/escape-like.js';
import type { ListSorting } from '../../../platform/db/order-by-sort.js';
import type { PrepaidMeterTable, VendTable } from '../../../platform/db/schema.js';
import { selectSortedIds, selectSortedPage } from '../../../platform/db/select-sorted.js';
import type { VendFilters, VendSortField } from '../domain/vend-list-schemas.js';
import type { VendSummary } from '../domain/vend-summary.js';

const vendSorting: ListSorting<VendSortField> = {
  columns: {
    issuedAt: 'vend.issued_at',
    tenderedMinor: 'vend.tendered_minor',
    units: 'vend.units',
    status: 'vend.status',
  },
  uniqueColumn: 'vend.id',
};

const summaryColumns = [
  'vend.id',
  'vend.meter_id',
  'vend.account_id',
  'vend.channel',
  'vend.transaction_reference',
  'vend.agent_id',
  'vend.outlet_id',
  'vend.status',
  'vend.currency',
  'vend.tendered_minor',
  'vend.commission_minor',
  'vend.units',
  'vend.free_units',
  'vend.unit',
  'vend.accounting_date',
  'vend.issued_at',
  'vend.released_at',
  'vend.reversed_at',
  'vend.reprint_count',
  'meter.pan',
  'meter.service',
] as const;

type SummaryRow = Pick<
  Selectable<VendTable>,
  | 'id'
  | 'meter_id'
  | 'account_id'
  | 'channel'
  | 'transaction_reference'
  | 'agent_id'
  | 'outlet_id'
  | 'status'
  | 'currency'
  | 'tendered_minor'
  | 'commission_minor'
  | 'units'
  | 'free_units'
  | 'unit'
  | 'accounting_date'
  | 'issued_at'
  | 'released_at'
  | 'reversed_at'
  | 'reprint_count'
> &
  Pick<Selectable<PrepaidMeterTable>, 'pan' | 'service'>;

function selectVends(db: DbOrTrx, companyId: string) {
  return db
    .selectFrom('prepayment.vend as vend')
    .innerJoin('prepayment.prepaid_meter as meter', (join) =>
      join.onRef('meter.company_id', '=', 'vend.company_id').onRef('meter.meter_id', '=', 'vend.meter_id'),
    )
    .where('vend.company_id', '=', companyId);
}

/** Selects the vends that the filters match, of one agent only when `agentId` is set. */
function selectMatchingVends(db: DbOrTrx, companyId: string, filters: VendFilters) {
  let query = selectVends(db, companyId);
  if (filters.agentId) query = query.where('vend.agent_id', '=', filters.agentId);
  // NOTE: a part of a PAN matches by LIKE, which no index serves, so a filter by part of a meter number
  // alone reads every vend of the company (of the agent, for an agent's login).
  if (filters.pan) {
    query = query.where('meter.pan', filters.pan.length === 18 ? '=' : 'like', panPattern(filters.pan));
  }
  if (filters.transactionReference) {
    query = query.where('vend.transaction_reference', 'like', `${escapeLike(filters.transactionReference)}%`);
  }
  if (filters.status) query = query.where('vend.status', '=', filters.status);
  if (filters.accountingDateFrom) {
    query = query.where('vend.accounting_date', '>=', filters.accountingDateFrom);
  }
  if (filters.accountingDateTo) query = query.where('vend.accounting_date', '<=', filters.accountingDateTo);
  return query;
}

/** Returns the PAN itself when whole, else a LIKE pattern for a PAN that contains the digits. */
function panPattern(digits: string): string {
  return digits.length === 18 ? digits : `%${digits}%`;
}

function toVendSummary(row: SummaryRow): VendSummary {
  return {
    id: row.id,
    meterId: row.meter_id,
    pan: row.pan,
    service: row.service,
    accountId: row.account_id,
    channel: row.channel,
    transactionReference: row.transaction_reference,
    agentId: row.agent_id,
    outletId: row.outlet_id,
    status: row.status,
    currency: row.currency,
    tenderedMinor: BigInt(row.tendered_minor),
    commissionMinor: BigInt(row.commission_minor),
    units: row.units,
    freeUnits: row.free_units,
    unit: row.unit,
    accountingDate: row.accounting_date,
    issuedAt: row.issued_at.toISOString(),
    releasedAt: row.released_at?.toISOString() ?? null,
    reversedAt: row.reversed_at?.toISOString() ?? null,
    reprintCount: row.reprint_count,
  };
}

/** Reads one page of the matching vends in sort order, and counts every vend the filters match. */
export async function listVendRows(
  db: DbOrTrx,
  companyId: string,
  filters: VendFilters & { limit: number; offset: number },
): Promise<{ items: VendSummary[]; total: number }> {
  const { rows, total } = await selectSortedPage(
    selectMatchingVends(db, companyId, filters),
    (query) => query.select(summaryColumns),
    filters.sort,
    vendSorting,
    filters,
  );
  return { items: rows.map(toVendSummary), total };
}

/** Returns the ids of the matching vends in list order, at most `limit`. */
export function listVendIds(
  db: DbOrTrx,
  companyId: string,
  filters: VendFilters,
  limit: number,
): Promise<string[]> {
  return selectSortedIds(selectMatchingVends(db, companyId, filters), filters.sort, vendSorting, limit);
}

export async function findVendSummariesByIds(
  db: DbOrTrx,
  companyId: string,
  vendIds: string[],
): Promise<VendSummary[]> {
  if (vendIds.length === 0) return [];
  const rows = await selectVends(db, companyId)
    .select(summaryColumns)
    .where('vend.id', 'in', vendIds)
    .execute();
  return rows.map(toVendSummary);
}
