import { sql, type Selectable } from 'kysely';
import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import type { MeterInstallationTable } from '../../../platform/db/schema.js';
import type { MeterInstallation } from '../domain/meter.js';

export type InstallationWithSerial = MeterInstallation & { serialNumber: string };

export async function insertInstallation(
  trx: Trx,
  companyId: string,
  installation: MeterInstallation,
): Promise<void> {
  await trx
    .insertInto('devices.meter_installation')
    .values({
      company_id: companyId,
      id: installation.id,
      meter_id: installation.meterId,
      service_point_id: installation.servicePointId,
      installed_on: installation.installedOn,
      removed_on: installation.removedOn,
    })
    .execute();
}

/**
 * Finds an installation that shares a day with [from, to) (to = null: open-ended), either of the meter or
 * at the service point: the same test as the table's exclusion constraints, run first so that the
 * conflict can be reported with the meter and dates involved.
 */
export async function findOverlappingInstallation(
  db: DbOrTrx,
  companyId: string,
  match: { meterId?: string; servicePointId?: string },
  from: string,
  to: string | null,
): Promise<InstallationWithSerial | undefined> {
  let query = db
    .selectFrom('devices.meter_installation as i')
    .innerJoin('devices.meter as m', (join) =>
      join.onRef('m.company_id', '=', 'i.company_id').onRef('m.id', '=', 'i.meter_id'),
    )
    .selectAll('i')
    .select('m.serial_number')
    .where('i.company_id', '=', companyId)
    .where(sql<boolean>`daterange(i.installed_on, i.removed_on) && daterange(${from}::date, ${to}::date)`);
  if (match.meterId) query = query.where('i.meter_id', '=', match.meterId);
  if (match.servicePointId) query = query.where('i.service_point_id', '=', match.servicePointId);
  const row = await query.orderBy('i.installed_on').executeTakeFirst();
  return row ? { ...toInstallation(row), serialNumber: row.serial_number } : undefined;
}

/** Finds the open installation (no removal date) of a meter or at a service point, locking its row. */
export async function findOpenInstallation(
  trx: Trx,
  companyId: string,
  match: { meterId?: string; servicePointId?: string },
): Promise<MeterInstallation | undefined> {
  let query = trx
    .selectFrom('devices.meter_installation')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('removed_on', 'is', null);
  if (match.meterId) query = query.where('meter_id', '=', match.meterId);
  if (match.servicePointId) query = query.where('service_point_id', '=', match.servicePointId);
  const row = await query.forUpdate().executeTakeFirst();
  return row ? toInstallation(row) : undefined;
}

/** Closes an open installation; returns false when it was closed meanwhile. */
export async function closeInstallation(
  trx: Trx,
  companyId: string,
  installationId: string,
  removedOn: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('devices.meter_installation')
    .set({ removed_on: removedOn })
    .where('company_id', '=', companyId)
    .where('id', '=', installationId)
    .where('removed_on', 'is', null)
    .where('installed_on', '<=', removedOn)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function listInstallationRows(
  db: DbOrTrx,
  companyId: string,
  match: {
    meterId?: string | undefined;
    meterIds?: string[] | undefined;
    servicePointId?: string | undefined;
    servicePointIds?: string[] | undefined;
  },
): Promise<MeterInstallation[]> {
  let query = db.selectFrom('devices.meter_installation').selectAll().where('company_id', '=', companyId);
  if (match.meterId) query = query.where('meter_id', '=', match.meterId);
  if (match.meterIds) {
    if (match.meterIds.length === 0) return [];
    query = query.where('meter_id', 'in', match.meterIds);
  }
  if (match.servicePointId) query = query.where('service_point_id', '=', match.servicePointId);
  if (match.servicePointIds) {
    if (match.servicePointIds.length === 0) return [];
    query = query.where('service_point_id', 'in', match.servicePointIds);
  }
  const rows = await query.orderBy('service_point_id').orderBy('installed_on').execute();
  return rows.map(toInstallation);
}

function toInstallation(row: Selectable<MeterInstallationTable>): MeterInstallation {
  return {
    id: row.id,
    meterId: row.meter_id,
    servicePointId: row.service_point_id,
    installedOn: row.installed_on,
    removedOn: row.removed_on,
  };
}
