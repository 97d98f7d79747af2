import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import type { DbOrTrx } from '../../../platform/context/request-context.js';

export type EnergyChannel = { id: string; servicePointId: string; name: string };

export type StoredInterval = {
  channelId: string;
  start: Temporal.Instant;
  durationSeconds: number;
  kwh: string;
};

/**
 * Loads the kWh interval channels of the service points and their readings that start between the two
 * dates (local to `timeZone`, with a day's margin either side: the caller places each reading on the local
 * clock). Only service points with interval data cost anything here.
 *
 * NOTE: reads the readings module's tables directly, for the same reason as loadChunkInputs.
 */
export async function loadIntervalInputs(
  db: DbOrTrx,
  companyId: string,
  servicePointIds: readonly string[],
  from: string,
  to: string,
  timeZone: string,
): Promise<{ channels: EnergyChannel[]; intervals: StoredInterval[] }> {
  if (servicePointIds.length === 0) return { channels: [], intervals: [] };
  // Most utilities bill most accounts from register reads. When the company has no kWh channel at all,
  // one short lookup finds that out and saves the per-service-point probes below.
  const anyChannel = await db
    .selectFrom('readings.interval_channel')
    .select('id')
    .where('company_id', '=', companyId)
    .where('unit', '=', 'kWh')
    .limit(1)
    .executeTakeFirst();
  if (!anyChannel) return { channels: [], intervals: [] };
  const channels = await db
    .selectFrom('readings.interval_channel')
    .select(['id', 'service_point_id', 'name'])
    .where('company_id', '=', companyId)
    .where('service_point_id', '=', sql<string>`any(${servicePointIds}::uuid[])`)
    .where('unit', '=', 'kWh')
    .orderBy('service_point_id')
    .orderBy('name')
    .execute();
  if (channels.length === 0) return { channels: [], intervals: [] };

  const fromInstant = Temporal.PlainDate.from(from)
    .subtract({ days: 1 })
    .toZonedDateTime(timeZone)
    .toInstant();
  const toInstant = Temporal.PlainDate.from(to).add({ days: 1 }).toZonedDateTime(timeZone).toInstant();
  const rows = await sql<{ channel_id: string; start_at: Date; duration_seconds: number; value: string }>`
    select channel_id, start_at, duration_seconds, value
    from readings.interval_reading
    where company_id = ${companyId} and channel_id = any(${channels.map((channel) => channel.id)}::uuid[])
      and start_at >= ${fromInstant.toString()}::timestamptz and start_at < ${toInstant.toString()}::timestamptz
      and quality <> 'missing'
    order by channel_id, start_at
  `.execute(db);
  return {
    channels: channels.map((channel) => ({
      id: channel.id,
      servicePointId: channel.service_point_id,
      name: channel.name,
    })),
    intervals: rows.rows.map((row) => ({
      channelId: row.channel_id,
      start: Temporal.Instant.fromEpochMilliseconds(row.start_at.getTime()),
      durationSeconds: row.duration_seconds,
      kwh: row.value,
    })),
  };
}
