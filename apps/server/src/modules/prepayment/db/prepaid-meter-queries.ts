import type { BaseDate, DecoderKeyData, KeyType } from '@open-cis/sts';
import type { Selectable } from 'kysely';
import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import type { PrepaidMeterTable } from '../../../platform/db/schema.js';
import type { PrepaidMeter } from '../domain/prepaid-meter.js';

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
      sgc: key.sgc,
      ti: key.ti,
      krn: key.krn,
      kt: key.kt,
      ken: key.ken,
      base_date: key.baseDate,
      dkga: key.dkga,
      ea: key.ea,
      pending_sgc: pendingKey?.sgc ?? null,
      pending_ti: pendingKey?.ti ?? null,
      pending_krn: pendingKey?.krn ?? null,
      pending_kt: pendingKey?.kt ?? null,
      pending_ken: pendingKey?.ken ?? null,
      pending_base_date: pendingKey?.baseDate ?? null,
      pending_dkga: pendingKey?.dkga ?? null,
      pending_ea: pendingKey?.ea ?? null,
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
    key,
    pendingKey,
    lastTid: row.last_tid,
  };
}
