import type { BaseDate, DecoderKeyData, KeyType } from '@open-cis/sts';
import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import type { PrepaidMeterTable } from '../../../platform/db/schema.js';
import type { MonthToDate } from '../domain/month-to-date.js';
import type { PrepaidMeter } from '../domain/prepaid-meter.js';
import { readStoredMonthToDate, toStoredMonthToDate } from './month-to-date-queries.js';

/** A prepaid meter named by its meter id or by its PAN. */
export type MeterMatch = { meterId: string } | { pan: string };

type PrepaidMeterRow = Selectable<PrepaidMeterTable>;

/**
 * Finds a prepaid meter. With `lock`, the row stays locked until the transaction ends, so vends for one
 * meter run one after the other and each takes the TID after the one before.
 */
export async function findPrepaidMeter(
  db: DbOrTrx,
  companyId: string,
  match: MeterMatch,
  options: { lock: boolean },
): Promise<PrepaidMeter | undefined> {
  let query = db.selectFrom('prepayment.prepaid_meter').selectAll().where('company_id', '=', companyId);
  query =
    'meterId' in match ? query.where('meter_id', '=', match.meterId) : query.where('pan', '=', match.pan);
  const row = await (options.lock ? query.forUpdate() : query).executeTakeFirst();
  return row && toPrepaidMeter(row);
}

/** A prepaid meter locked for a sale, with the month-to-date figures its row stores (null when not known). */
export type LockedPrepaidMeter = PrepaidMeter & { storedMonthToDate: MonthToDate | null };

/**
 * Finds the prepaid meters named by meter id or PAN and locks their rows until the transaction ends, in
 * meter id order, so that two transactions locking overlapping sets of meters cannot deadlock.
 */
export async function lockPrepaidMeters(
  trx: Trx,
  companyId: string,
  matches: readonly MeterMatch[],
): Promise<LockedPrepaidMeter[]> {
  const meterIds = matches.flatMap((match) => ('meterId' in match ? [match.meterId.toLowerCase()] : []));
  const pans = matches.flatMap((match) => ('pan' in match ? [match.pan] : []));
  const rows = await trx
    .selectFrom('prepayment.prepaid_meter')
    .selectAll()
    .where('company_id', '=', companyId)
    .where((eb) =>
      eb.or([
        ...(meterIds.length === 0 ? [] : [eb('meter_id', 'in', meterIds)]),
        ...(pans.length === 0 ? [] : [eb('pan', 'in', pans)]),
      ]),
    )
    .orderBy('meter_id')
    .forUpdate()
    .execute();
  return rows.map((row) => ({
    ...toPrepaidMeter(row),
    storedMonthToDate: readStoredMonthToDate(row.month_to_date),
  }));
}

export async function insertPrepaidMeter(trx: Trx, companyId: string, meter: PrepaidMeter): Promise<void> {
  const { key, pendingKey } = meter;
  await trx
    .insertInto('prepayment.prepaid_meter')
    .values({
      company_id: companyId,
      meter_id: meter.meterId,
      iin: meter.iin,
      drn: meter.drn,
      pan: meter.pan,
      service: meter.service,
      ...keyColumns(key),
      ...(pendingKey === null ? noPendingKey : pendingKeyColumns(pendingKey)),
      last_tid: meter.lastTid,
    })
    .execute();
}

/** Records the TID of the meter's latest token; the caller holds the meter's row lock. */
export async function updateLastTid(
  trx: Trx,
  companyId: string,
  meterId: string,
  tid: number,
): Promise<void> {
  await trx
    .updateTable('prepayment.prepaid_meter')
    .set({ last_tid: tid, updated_at: new Date() })
    .where('company_id', '=', companyId)
    .where('meter_id', '=', meterId)
    .execute();
}

/**
 * Returns the update of each meter's TID of its latest token and its month-to-date figures, to run in one
 * statement with the rest of a sale's writes (see runWrites). The caller holds the meters' row locks.
 */
export function soldMeterWrites(
  companyId: string,
  updates: readonly { meterId: string; lastTid: number; monthToDate: MonthToDate }[],
): RawBuilder<unknown>[] {
  if (updates.length === 0) return [];
  return [
    sql`
      update prepayment.prepaid_meter m
         set last_tid = u.last_tid, month_to_date = u.month_to_date::jsonb, updated_at = now()
        from unnest(${updates.map((update) => update.meterId)}::uuid[],
                    ${updates.map((update) => update.lastTid)}::integer[],
                    ${updates.map((update) => JSON.stringify(toStoredMonthToDate(update.monthToDate)))}::text[])
             as u(meter_id, last_tid, month_to_date)
       where m.company_id = ${companyId} and m.meter_id = u.meter_id
    `,
  ];
}

/**
 * Installs the meter's pending key as its current key once a vend has issued the key change tokens: the
 * tokens after them are issued under the new key, from `lastTid`. The same statement marks the meter
 * issued, with the vend, in the campaign where it had not started (a meter registered with its pending key
 * is in none). The vend's row must exist already, and the caller holds the meter's row lock.
 */
export async function installPendingKey(
  trx: Trx,
  companyId: string,
  meter: PrepaidMeter,
  vendId: string,
  lastTid: number,
): Promise<void> {
  const key = meter.pendingKey;
  if (key === null) throw new Error(`Meter ${meter.pan} has no pending key to install.`);
  const now = new Date();
  await trx
    .with('installed', (db) =>
      db
        .updateTable('prepayment.prepaid_meter')
        .set({ ...keyColumns(key), ...noPendingKey, last_tid: lastTid, updated_at: now })
        .where('company_id', '=', companyId)
        .where('meter_id', '=', meter.meterId)
        .returning('meter_id'),
    )
    .updateTable('prepayment.key_change_campaign_meter')
    .set((eb) => ({
      status: 'issued',
      vend_id: vendId,
      issued_at: eb
        .selectFrom('prepayment.vend')
        .select('issued_at')
        .where('company_id', '=', companyId)
        .where('id', '=', vendId),
      updated_at: now,
    }))
    .where('company_id', '=', companyId)
    .where('status', '=', 'not-started')
    .where('meter_id', 'in', (eb) => eb.selectFrom('installed').select('meter_id'))
    .execute();
}

/**
 * Puts back the key a reversed vend replaced, with `pendingKey` as the pending key (see
 * chooseKeyChangeAfterReversal). Under an unchanged base date the last TID stays, because the reversed
 * vend's tokens keep theirs. The caller holds the meter's row lock.
 */
export async function restoreReplacedKey(
  trx: Trx,
  companyId: string,
  meter: PrepaidMeter,
  replaced: { key: DecoderKeyData; lastTid: number | null },
  pendingKey: DecoderKeyData | null,
): Promise<void> {
  await trx
    .updateTable('prepayment.prepaid_meter')
    .set({
      ...keyColumns(replaced.key),
      ...(pendingKey === null ? noPendingKey : pendingKeyColumns(pendingKey)),
      last_tid: replaced.key.baseDate === meter.key.baseDate ? meter.lastTid : replaced.lastTid,
      updated_at: new Date(),
    })
    .where('company_id', '=', companyId)
    .where('meter_id', '=', meter.meterId)
    .execute();
}

/**
 * Returns the highest TID the meter's tokens have under `baseDate`, or null. A TID rollover starts from it:
 * the meter clears its TID memory, but a reversed vend's tokens keep theirs in the database.
 */
export async function selectHighestTid(
  trx: Trx,
  companyId: string,
  meterId: string,
  baseDate: string,
): Promise<number | null> {
  const row = await trx
    .selectFrom('prepayment.vend_token')
    .select((eb) => eb.fn.max('tid').as('tid'))
    .where('company_id', '=', companyId)
    .where('meter_id', '=', meterId)
    .where('base_date', '=', baseDate)
    .executeTakeFirst();
  return row?.tid ?? null;
}

/** Returns the key columns (sgc to ea) set to `key`. */
export function keyColumns(key: DecoderKeyData) {
  return {
    sgc: key.sgc,
    ti: key.ti,
    krn: key.krn,
    kt: key.kt,
    ken: key.ken,
    base_date: key.baseDate,
    dkga: key.dkga,
    ea: key.ea,
  };
}

/** Returns the pending key columns set to `key`. */
export function pendingKeyColumns(key: DecoderKeyData) {
  return {
    pending_sgc: key.sgc,
    pending_ti: key.ti,
    pending_krn: key.krn,
    pending_kt: key.kt,
    pending_ken: key.ken,
    pending_base_date: key.baseDate,
    pending_dkga: key.dkga,
    pending_ea: key.ea,
  };
}

/** The pending key columns set to null: the meter has no key change to hand out. */
export const noPendingKey = {
  pending_sgc: null,
  pending_ti: null,
  pending_krn: null,
  pending_kt: null,
  pending_ken: null,
  pending_base_date: null,
  pending_dkga: null,
  pending_ea: null,
};

function toPrepaidMeter(row: PrepaidMeterRow): PrepaidMeter {
  const key: DecoderKeyData = {
    sgc: row.sgc,
    ti: row.ti,
    krn: row.krn,
    kt: row.kt as KeyType,
    ken: row.ken,
    baseDate: row.base_date as BaseDate,
    dkga: row.dkga,
    ea: row.ea,
  };
  const pendingKey: DecoderKeyData | null =
    row.pending_sgc === null
      ? null
      : {
          sgc: row.pending_sgc,
          ti: row.pending_ti!,
          krn: row.pending_krn!,
          kt: row.pending_kt! as KeyType,
          ken: row.pending_ken!,
          baseDate: row.pending_base_date! as BaseDate,
          dkga: row.pending_dkga!,
          ea: row.pending_ea!,
        };
  return {
    meterId: row.meter_id,
    iin: row.iin,
    drn: row.drn,
    pan: row.pan,
    service: row.service,
    key,
    pendingKey,
    lastTid: row.last_tid,
  };
}

/** Returns the PAN of each prepaid meter among `meterIds`, keyed by meter id. Other ids are left out. */
export async function selectPansByMeterIds(
  db: DbOrTrx,
  companyId: string,
  meterIds: readonly string[],
): Promise<Map<string, string>> {
  if (meterIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('prepayment.prepaid_meter')
    .select(['meter_id', 'pan'])
    .where('company_id', '=', companyId)
    .where('meter_id', 'in', [...meterIds])
    .execute();
  return new Map(rows.map((row) => [row.meter_id, row.pan]));
}
