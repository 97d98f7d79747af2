import { sql } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';

/**
 * Returns the date an account opened (YYYY-MM-DD), or undefined for an unknown account. That is the day it
 * was created in the company's time zone, unless its first posting or its first service agreement starts
 * earlier, as for an account migrated from another system with its history.
 */
export async function selectAccountOpeningDate(
  db: DbOrTrx,
  companyId: string,
  accountId: string,
): Promise<string | undefined> {
  // NOTE: reads customers.account and agreements.service_agreement directly, as select-account-refs.ts
  // does, because neither module exports a lookup that runs inside the caller's transaction.
  const result = await sql<{ opened_on: string }>`
    select to_char(least(
             (a.created_at at time zone c.time_zone)::date,
             (select min(p.accounting_date) from ledger.posting p
               where p.company_id = a.company_id and p.account_id = a.id),
             (select min(g.start_on) from agreements.service_agreement g
               where g.company_id = a.company_id and g.account_id = a.id)
           ), 'YYYY-MM-DD') as opened_on
      from customers.account a
      join companies.company c on c.id = a.company_id
     where a.company_id = ${companyId} and a.id = ${accountId}
  `.execute(db);
  return result.rows[0]?.opened_on;
}
