import { Decimal } from 'decimal.js';
import type { Selectable } from 'kysely';
import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import type { MeterRegisterTable, MeterTable } from '../../../platform/db/schema.js';
import type { ListSorting } from '../../../platform/db/order-by-sort.js';
import { selectSortedIds, selectSortedPage } from '../../../platform/db/select-sorted.js';
import { anyMeterIdMatching } from '../../search/index.js';
import type { Meter, MeterRegister, MeterStatus } from '../domain/meter.js';
import type { MeterFilters, MeterSortField } from '../domain/meter-schemas.js';

const ROWS_PER_INSERT = 2_000;

export async function insertMeters(trx: Trx, companyId: string, meters: Meter[]): Promise<void> {
  for (let start = 0; start < meters.length; start += ROWS_PER_INSERT) {
    await trx
      .insertInto('devices.meter')
      .values(
        meters.slice(start, start + ROWS_PER_INSERT).map((meter) => ({
          company_id: companyId,
          id: meter.id,
          serial_number: meter.serialNumber,
          model: meter.model,
          manufacturer: meter.manufacturer,
          service: meter.service,
          status: meter.status,
        })),
      )
      .execute();
  }
  const registers = meters.flatMap((meter) => meter.registers);
  for (let start = 0; start < registers.length; start += ROWS_PER_INSERT) {
    await trx
      .insertInto('devices.meter_register')
      .values(
        registers.slice(start, start + ROWS_PER_INSERT).map((register) => ({
          company_id: companyId,
          id: register.id,
          meter_id: register.meterId,
          code: register.code,
          kind: register.kind,
          unit: register.unit,
          dials: register.dials,
          multiplier: register.multiplier,
          tou_period: register.touPeriod,
        })),
      )
      .execute();
  }
}

export async function findMeter(
  db: DbOrTrx,
  companyId: string,
  meterId: string,
  options: { forUpdate?: boolean } = {},
): Promise<Meter | undefined> {
  let query = db
    .selectFrom('devices.meter')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', meterId);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const registers = await listRegisterRows(db, companyId, [meterId]);
  return toMeter(row, registers);
}

const meterSorting: ListSorting<MeterSortField> = {
  columns: {
    serialNumber: 'serial_number',
    service: 'service',
    status: 'status',
    manufacturer: ['manufacturer', 'model'],
    model: 'model',
  },
  uniqueColumn: 'id',
};

function selectMatchingMeters(db: DbOrTrx, companyId: string, filters: MeterFilters) {
  let query = db.selectFrom('devices.meter').where('company_id', '=', companyId);
  if (filters.service) query = query.where('service', '=', filters.service);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (filters.serialNumber) query = query.where('id', '=', anyMeterIdMatching(filters.serialNumber));
  return query;
}

export async function listMeterRows(
  db: DbOrTrx,
  companyId: string,
  filters: MeterFilters & { limit: number; offset: number },
): Promise<{ items: Meter[]; total: number }> {
  const { rows, total } = await selectSortedPage(
    selectMatchingMeters(db, companyId, filters),
    (query) => query.selectAll(),
    filters.sort,
    meterSorting,
    filters,
  );
  const registers = await listRegisterRows(
    db,
    companyId,
    rows.map((row) => row.id),
  );
  return { items: rows.map((row) => toMeter(row, registers)), total };
}

/** Returns the ids of the matching meters in list order, at most `limit`. */
export function listMeterIds(
  db: DbOrTrx,
  companyId: string,
  filters: MeterFilters,
  limit: number,
): Promise<string[]> {
  return selectSortedIds(selectMatchingMeters(db, companyId, filters), filters.sort, meterSorting, limit);
}

/** Reads the meters with these ids and their registers, in no particular order. */
export async function findMetersByIds(db: DbOrTrx, companyId: string, meterIds: string[]): Promise<Meter[]> {
  if (meterIds.length === 0) return [];
  const rows = await db
    .selectFrom('devices.meter')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', 'in', meterIds)
    .execute();
  const registers = await listRegisterRows(db, companyId, meterIds);
  return rows.map((row) => toMeter(row, registers));
}

/** Moves a meter to `status` only from one of `from`; returns false when the meter was in another status. */
export async function updateMeterStatus(
  trx: Trx,
  companyId: string,
  meterId: string,
  from: MeterStatus[],
  status: MeterStatus,
): Promise<boolean> {
  const result = await trx
    .updateTable('devices.meter')
    .set({ status })
    .where('company_id', '=', companyId)
    .where('id', '=', meterId)
    .where('status', 'in', from)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

async function listRegisterRows(
  db: DbOrTrx,
  companyId: string,
  meterIds: string[],
): Promise<Selectable<MeterRegisterTable>[]> {
  if (meterIds.length === 0) return [];
  return db
    .selectFrom('devices.meter_register')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('meter_id', 'in', meterIds)
    .orderBy('code')
    .execute();
}

function toMeter(row: Selectable<MeterTable>, registers: Selectable<MeterRegisterTable>[]): Meter {
  return {
    id: row.id,
    serialNumber: row.serial_number,
    model: row.model,
    manufacturer: row.manufacturer,
    service: row.service,
    status: row.status,
    registers: registers.filter((register) => register.meter_id === row.id).map(toRegister),
  };
}

function toRegister(row: Selectable<MeterRegisterTable>): MeterRegister {
  return {
    id: row.id,
    meterId: row.meter_id,
    code: row.code,
    kind: row.kind,
    unit: row.unit,
    dials: row.dials,
    // NUMERIC(18, 6) comes back with six decimals; the plain form ('40', not '40.000000') reads better.
    multiplier: new Decimal(row.multiplier).toString(),
    touPeriod: row.tou_period,
  };
}
