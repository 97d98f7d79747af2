import { sql } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { registerReadColumns, toRegisterRead, type RegisterRead } from './register-read-row.js';

export type ListRegisterReadsFilter = ({ registerId: string } | { servicePointId: string }) & {
  /** First and last read day to include (YYYY-MM-DD, both inclusive). */
  from?: string;
  to?: string;
  limit?: number;
};

export const maxReadPageSize = 1000;

/**
 * Lists the reads of one register, or of every register of the meters installed at a service point while
 * they were installed there, newest first. Suspect and superseded reads are included with their status.
 */
export async function listRegisterReads(
  db: DbOrTrx,
  companyId: string,
  filter: ListRegisterReadsFilter,
): Promise<RegisterRead[]> {
  let query = db
    .selectFrom('readings.register_read as read')
    .select(registerReadColumns.map((column) => `read.${column}` as const))
    .where('read.company_id', '=', companyId);
  if ('registerId' in filter) {
    query = query.where('read.register_id', '=', filter.registerId);
  } else {
    // NOTE: joins the devices tables for the same reason as find-register.ts.
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('devices.meter_register as register')
          .innerJoin('devices.meter_installation as installation', (join) =>
            join
              .onRef('installation.company_id', '=', 'register.company_id')
              .onRef('installation.meter_id', '=', 'register.meter_id'),
          )
          .select(sql<number>`1`.as('one'))
          .whereRef('register.company_id', '=', 'read.company_id')
          .whereRef('register.id', '=', 'read.register_id')
          .where('installation.service_point_id', '=', filter.servicePointId)
          .where(
            sql<boolean>`read.read_on <@ daterange(installation.installed_on, installation.removed_on, '[]')`,
          ),
      ),
    );
  }
  if (filter.from !== undefined) query = query.where('read.read_on', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('read.read_on', '<=', filter.to);
  const rows = await query
    .orderBy('read.read_on', 'desc')
    .orderBy('read.created_at', 'desc')
    .limit(Math.min(filter.limit ?? 100, maxReadPageSize))
    .execute();
  return rows.map(toRegisterRead);
}
