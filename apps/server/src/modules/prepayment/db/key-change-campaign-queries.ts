import type { DecoderKeyData } from '@open-cis/sts';
import { sql, type Expression, type Selectable, type SqlBool } from 'kysely';
import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import type { KeyChangeCampaignTable } from '../../../platform/db/schema.js';
import type { KeyChangeCampaignMeter, KeyChangeMeterStatus } from '../domain/key-change-campaign.js';
import { noPendingKey, pendingKeyColumns } from './prepaid-meter-queries.js';

export type KeyChangeCampaignRow = Selectable<KeyChangeCampaignTable>;

/** Finds a campaign. With `lock`, its row stays locked until the transaction ends. */
export async function findKeyChangeCampaignRow(
  db: DbOrTrx,
  companyId: string,
  campaignId: string,
  options: { lock: boolean },
): Promise<KeyChangeCampaignRow | undefined> {
  const query = db
    .selectFrom('prepayment.key_change_campaign')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', campaignId);
  return (options.lock ? query.forUpdate() : query).executeTakeFirst();
}

/** The meters a campaign names: a list of meter ids, or every meter of a supply group. */
export type CampaignScope = { meterIds: readonly string[] } | { sgc: string };

/**
 * Gives the campaign's key as pending key to the meters in `scope` that do not have that key already, and
 * adds them to the campaign as not started. A meter that is not started in an earlier campaign moves to
 * this one, and its row there becomes superseded. A meter with any other pending key (one it was
 * registered with) is left out. The meters' rows are locked first, in meter id order, so that a
 * concurrent campaign, cancellation or vend waits instead of deadlocking.
 */
export async function addCampaignMeters(
  trx: Trx,
  companyId: string,
  campaign: { id: string; key: DecoderKeyData },
  scope: CampaignScope,
): Promise<{ added: number; superseded: number }> {
  const now = new Date();
  const inScope = () =>
    trx
      .selectFrom('prepayment.prepaid_meter')
      .select('meter_id')
      .where('company_id', '=', companyId)
      .where((eb) => ('sgc' in scope ? eb('sgc', '=', scope.sgc) : eb('meter_id', 'in', scope.meterIds)))
      .where(keyDiffersFrom(campaign.key));
  await trx
    .selectFrom(inScope().orderBy('meter_id').forUpdate().as('locked'))
    .select(sql<string>`count(*)`.as('count'))
    .execute();

  const superseded = await trx
    .updateTable('prepayment.key_change_campaign_meter')
    .set({ status: 'superseded', superseded_by: campaign.id, superseded_at: now, updated_at: now })
    .where('company_id', '=', companyId)
    .where('status', '=', 'not-started')
    .where('meter_id', 'in', inScope())
    .executeTakeFirst();

  const added = await trx
    .with('changed', (db) =>
      db
        .updateTable('prepayment.prepaid_meter')
        .set({ ...pendingKeyColumns(campaign.key), updated_at: now })
        .where('company_id', '=', companyId)
        .where('meter_id', 'in', inScope())
        .where((eb) =>
          eb.or([
            eb('pending_sgc', 'is', null),
            eb(
              'meter_id',
              'in',
              eb
                .selectFrom('prepayment.key_change_campaign_meter')
                .select('meter_id')
                .where('company_id', '=', companyId)
                .where('superseded_by', '=', campaign.id),
            ),
          ]),
        )
        .returning('meter_id'),
    )
    .insertInto('prepayment.key_change_campaign_meter')
    .columns(['company_id', 'campaign_id', 'meter_id', 'created_at', 'updated_at'])
    .expression((eb) =>
      eb
        .selectFrom('changed')
        .select([
          sql<string>`${companyId}::uuid`.as('company_id'),
          sql<string>`${campaign.id}::uuid`.as('campaign_id'),
          'meter_id',
          sql<Date>`${now}::timestamptz`.as('created_at'),
          sql<Date>`${now}::timestamptz`.as('updated_at'),
        ]),
    )
    .executeTakeFirst();
  return {
    added: Number(added.numInsertedOrUpdatedRows ?? 0n),
    superseded: Number(superseded.numUpdatedRows),
  };
}

/** Builds the condition that a prepaid meter's current key is not `key`. */
function keyDiffersFrom(key: DecoderKeyData): Expression<SqlBool> {
  return sql<SqlBool>`(sgc, ti, krn, kt, ken, base_date, dkga, ea) is distinct from
    (${key.sgc}, ${key.ti}::smallint, ${key.krn}::smallint, ${key.kt}::smallint, ${key.ken}::smallint,
     ${key.baseDate}::date, ${key.dkga}, ${key.ea})`;
}

/**
 * Cancels the campaign's meters that have not started: their rows become cancelled and their pending key,
 * which is the campaign's, is cleared. Returns how many. The meters' rows are locked in meter id order
 * first, as addCampaignMeters does.
 */
export async function cancelNotStartedMeters(
  trx: Trx,
  companyId: string,
  campaignId: string,
): Promise<number> {
  const now = new Date();
  const notStarted = () =>
    trx
      .selectFrom('prepayment.key_change_campaign_meter')
      .select('meter_id')
      .where('company_id', '=', companyId)
      .where('campaign_id', '=', campaignId)
      .where('status', '=', 'not-started');
  await trx
    .selectFrom(
      trx
        .selectFrom('prepayment.prepaid_meter')
        .select('meter_id')
        .where('company_id', '=', companyId)
        .where('meter_id', 'in', notStarted())
        .orderBy('meter_id')
        .forUpdate()
        .as('locked'),
    )
    .select(sql<string>`count(*)`.as('count'))
    .execute();

  const result = await trx
    .with('cancelled', (db) =>
      db
        .updateTable('prepayment.key_change_campaign_meter')
        .set({ status: 'cancelled', cancelled_at: now, updated_at: now })
        .where('company_id', '=', companyId)
        .where('campaign_id', '=', campaignId)
        .where('status', '=', 'not-started')
        .returning('meter_id'),
    )
    .updateTable('prepayment.prepaid_meter')
    .set({ ...noPendingKey, updated_at: now })
    .where('company_id', '=', companyId)
    .where('meter_id', 'in', (eb) => eb.selectFrom('cancelled').select('meter_id'))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Counts the campaign's meters by status; a status no meter has is absent. */
export async function countCampaignMeters(
  db: DbOrTrx,
  companyId: string,
  campaignId: string,
): Promise<Partial<Record<KeyChangeMeterStatus, number>>> {
  const rows = await db
    .selectFrom('prepayment.key_change_campaign_meter')
    .select(['status', sql<string>`count(*)`.as('count')])
    .where('company_id', '=', companyId)
    .where('campaign_id', '=', campaignId)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

/** Reads one page of the campaign's meters in PAN order, and counts every meter the filter matches. */
export async function selectCampaignMeterPage(
  db: DbOrTrx,
  companyId: string,
  campaignId: string,
  filters: { status?: KeyChangeMeterStatus | undefined; limit: number; offset: number },
): Promise<{ items: KeyChangeCampaignMeter[]; total: number }> {
  let filtered = db
    .selectFrom('prepayment.key_change_campaign_meter as campaign_meter')
    .innerJoin('prepayment.prepaid_meter as meter', (join) =>
      join
        .onRef('meter.company_id', '=', 'campaign_meter.company_id')
        .onRef('meter.meter_id', '=', 'campaign_meter.meter_id'),
    )
    .where('campaign_meter.company_id', '=', companyId)
    .where('campaign_meter.campaign_id', '=', campaignId);
  if (filters.status !== undefined) filtered = filtered.where('campaign_meter.status', '=', filters.status);

  const rows = await filtered
    .select([
      'campaign_meter.meter_id',
      'meter.pan',
      'campaign_meter.status',
      'campaign_meter.vend_id',
      'campaign_meter.superseded_by',
      'campaign_meter.created_at',
      'campaign_meter.issued_at',
      'campaign_meter.confirmed_at',
      'campaign_meter.superseded_at',
      'campaign_meter.cancelled_at',
    ])
    .orderBy('meter.pan')
    .orderBy('campaign_meter.meter_id')
    .limit(filters.limit)
    .offset(filters.offset)
    .execute();
  const { total } = await filtered.select(sql<string>`count(*)`.as('total')).executeTakeFirstOrThrow();
  const text = (at: Date | null) => at?.toISOString() ?? null;
  return {
    items: rows.map((row) => ({
      meterId: row.meter_id,
      pan: row.pan,
      status: row.status,
      vendId: row.vend_id,
      supersededBy: row.superseded_by,
      addedAt: row.created_at.toISOString(),
      issuedAt: text(row.issued_at),
      confirmedAt: text(row.confirmed_at),
      supersededAt: text(row.superseded_at),
      cancelledAt: text(row.cancelled_at),
    })),
    total: Number(total),
  };
}
