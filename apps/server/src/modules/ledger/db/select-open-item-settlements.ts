import { sql } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { readAllocationSource } from '../domain/compute-allocations.js';
import type { Settlement } from '../domain/open-item.js';

type SettlementRow = {
  id: string;
  bill_id: string;
  payment_id: string | null;
  vend_id: string | null;
  amount_minor: string;
  settled_on: string;
  reference: string | null;
};

/**
 * Selects the active allocations of the bills with one statement, each with the money it came from: a
 * payment or a vend's recovered debt. Returns them by bill id, in the order the money came in.
 *
 * NOTE: reads payments.payment and prepayment.vend for the day and reference of the money, as open items
 * read payments.payment_allocation (see selectOutstandingInvoices).
 */
export async function selectOpenItemSettlements(
  db: DbOrTrx,
  companyId: string,
  billIds: readonly string[],
): Promise<Map<string, Settlement[]>> {
  const settlements = new Map<string, Settlement[]>();
  if (billIds.length === 0) return settlements;
  const result = await sql<SettlementRow>`
    select a.id, a.bill_id, a.payment_id, a.vend_id, a.amount_minor::text,
           to_char(coalesce(p.received_on, v.accounting_date), 'YYYY-MM-DD') as settled_on,
           coalesce(p.reference, v.transaction_reference) as reference
      from payments.payment_allocation a
      left join payments.payment p on p.company_id = a.company_id and p.id = a.payment_id
      left join prepayment.vend v on v.company_id = a.company_id and v.id = a.vend_id
     where a.company_id = ${companyId}
       and a.bill_id = any(${[...billIds]}::uuid[])
       and a.status = 'active'
     order by coalesce(p.received_on, v.accounting_date), a.created_at, a.id
  `.execute(db);
  for (const row of result.rows) {
    const list = settlements.get(row.bill_id) ?? [];
    list.push({
      ...readAllocationSource(row.id, row.payment_id, row.vend_id),
      allocationId: row.id,
      settledOn: row.settled_on,
      reference: row.reference,
      amountMinor: BigInt(row.amount_minor),
    });
    settlements.set(row.bill_id, list);
  }
  return settlements;
}
