import { sql } from 'kysely';
import type { Trx } from '../../../platform/context/request-context.js';
import { lockAccounts } from '../../ledger/index.js';
import type { VendMonth } from '../domain/vend-month.js';

/** The facts of an account that a vend needs: the receipt's names, the debt to recover and free basic units. */
export type VendAccount = {
  accountNumber: string;
  customerName: string;
  /** Receivable balance in minor units; 0 unless read `withBalance`. */
  balanceMinor: bigint;
  /** Free basic units per month of each service's allowance in force on the date, by service. */
  freeUnitsByService: ReadonlyMap<string, string>;
  /** The services whose free basic units a vend of the month gave the account already, on any meter. */
  freeUnitsIssuedFor: ReadonlySet<string>;
};

/**
 * Reads the accounts of a batch of vends: number, customer name, the receivable balance (with
 * `withBalance`), the free basic units in force on `date` and the services whose free units a vend of
 * `month` gave already. With `lock`, lockAccounts locks the account rows in id order until the transaction
 * ends. So two vends cannot both recover the same debt or both take the month's free units, and no other
 * writer of the account's money runs meanwhile.
 *
 * The lock is its own statement, before the read. Under READ COMMITTED a statement that waited for a row
 * lock reads the row's newest version, but its subqueries keep the snapshot from before the wait, so a
 * balance read in the locking statement would miss the posting of the vend it waited for.
 */
export async function selectVendAccounts(
  trx: Trx,
  companyId: string,
  accountIds: readonly string[],
  options: {
    date: string;
    month: Pick<VendMonth, 'vendMonth' | 'start' | 'end'>;
    withBalance: boolean;
    lock: boolean;
  },
): Promise<Map<string, VendAccount>> {
  if (accountIds.length === 0) return new Map();
  if (options.lock) await lockAccounts(trx, companyId, accountIds);
  const balance = options.withBalance
    ? sql`(select coalesce(sum(l.amount_minor), 0) from ledger.posting_line l
            where l.company_id = a.company_id and l.account_id = a.id
              and l.ledger_account = 'receivable')::text`
    : sql`'0'`;
  const result = await sql<{
    id: string;
    account_number: string;
    customer_name: string;
    balance_minor: string;
    free_units_by_service: Record<string, string> | null;
    free_units_issued_for: string[] | null;
  }>`
    select a.id, a.account_number, c.display_name as customer_name,
           ${balance} as balance_minor,
           (select json_object_agg(f.service, f.units_per_month::text) from prepayment.free_basic_allowance f
             where f.company_id = a.company_id and f.account_id = a.id
               and f.start_on <= ${options.date}::date
               and (f.end_on is null or f.end_on > ${options.date}::date)) as free_units_by_service,
           -- Free units are an account's, once a month per service, whichever of its meters took them.
           -- The issue time bounds let the (account, issued_at) index find the month's vends, and an
           -- account without an allowance skips the search.
           case when exists (select 1 from prepayment.free_basic_allowance f
                              where f.company_id = a.company_id and f.account_id = a.id)
           then (select array_agg(distinct m.service) from prepayment.vend v
                   join prepayment.prepaid_meter m on m.company_id = v.company_id and m.meter_id = v.meter_id
                  where v.company_id = a.company_id and v.account_id = a.id
                    and v.issued_at >= ${options.month.start.toString()}::timestamptz
                    and v.issued_at < ${options.month.end.toString()}::timestamptz
                    and v.vend_month = ${options.month.vendMonth}::date
                    and v.status <> 'reversed' and v.free_units > 0)
           end as free_units_issued_for
      from customers.account a
      join customers.customer c on c.company_id = a.company_id and c.id = a.customer_id
     where a.company_id = ${companyId} and a.id = any(${[...new Set(accountIds)]}::uuid[])
  `.execute(trx);
  return new Map(
    result.rows.map((row) => [
      row.id,
      {
        accountNumber: row.account_number,
        customerName: row.customer_name,
        balanceMinor: BigInt(row.balance_minor),
        freeUnitsByService: new Map(Object.entries(row.free_units_by_service ?? {})),
        freeUnitsIssuedFor: new Set(row.free_units_issued_for ?? []),
      },
    ]),
  );
}
