import { sql } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { DbOrTrx } from '../../../platform/context/request-context.js';

export type SuspectRead = {
  id: string;
  registerId: string;
  readOn: string;
  value: string;
  reason: string | null;
};

/**
 * Lists the reads of the registers dated in [from, to] that validation marked suspect (a read lower than
 * the one before it, beyond a rollover): billing must not go past them until someone reviews them.
 */
export async function listSuspectReads(
  db: DbOrTrx,
  companyId: string,
  registerIds: readonly string[],
  from: Temporal.PlainDate,
  to: Temporal.PlainDate,
): Promise<SuspectRead[]> {
  if (registerIds.length === 0) return [];
  const result = await sql<SuspectRead>`
    select id, register_id as "registerId", read_on as "readOn", value, status_reason as reason
    from readings.register_read
    where company_id = ${companyId} and register_id = any(${registerIds}::uuid[]) and status = 'suspect'
      and read_on between ${from.toString()}::date and ${to.toString()}::date
    order by register_id, read_on
  `.execute(db);
  return result.rows;
}
