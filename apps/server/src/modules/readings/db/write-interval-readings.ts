import { sql } from 'kysely';
import type { Trx } from '../../../platform/context/request-context.js';

export type IntervalQuality = 'valid' | 'estimated' | 'suspect' | 'missing';

/** One row for readings.interval_reading; `value` is decimal text in the channel's unit. */
export type IntervalRow = {
  channelId: string;
  startAt: string;
  durationSeconds: number;
  value: string;
  quality: IntervalQuality;
};

/**
 * Writes a batch with one INSERT … SELECT FROM unnest(…), five array parameters whatever the batch size,
 * and replaces the value, duration and quality of readings already stored for the same channel and start.
 * Returns how many rows were inserted and how many replaced. Rows of one batch must have distinct keys.
 */
export async function upsertIntervalReadings(
  trx: Trx,
  companyId: string,
  rows: readonly IntervalRow[],
): Promise<{ inserted: number; updated: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const columns = toColumns(rows);
  // xmax = 0 holds for a row this statement inserted, and not for one that it updated.
  const result = await sql<{ inserted: string; updated: string }>`
    with written as (
      insert into readings.interval_reading (company_id, channel_id, start_at, duration_seconds, value, quality)
      select ${companyId}::uuid, channel_id, start_at, duration_seconds, value, quality
        from unnest(${columns.channelIds}::uuid[], ${columns.starts}::timestamptz[], ${columns.durations}::integer[],
                    ${columns.values}::numeric[], ${columns.qualities}::text[])
             as input(channel_id, start_at, duration_seconds, value, quality)
      on conflict (company_id, channel_id, start_at) do update
        set duration_seconds = excluded.duration_seconds, value = excluded.value, quality = excluded.quality
      returning (xmax = 0) as inserted
    )
    select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from written`.execute(
    trx,
  );
  const counts = result.rows[0];
  return { inserted: Number(counts?.inserted ?? 0), updated: Number(counts?.updated ?? 0) };
}

/**
 * Inserts a batch and leaves readings already stored untouched. Returns the positions (0-based, in `rows`)
 * of the rows that were not inserted because their channel and start were already stored.
 */
export async function insertNewIntervalReadings(
  trx: Trx,
  companyId: string,
  rows: readonly IntervalRow[],
): Promise<{ inserted: number; duplicatePositions: number[] }> {
  if (rows.length === 0) return { inserted: 0, duplicatePositions: [] };
  const columns = toColumns(rows);
  const result = await sql<{ position: string }>`
    with input as (
      select *
        from unnest(${columns.channelIds}::uuid[], ${columns.starts}::timestamptz[], ${columns.durations}::integer[],
                    ${columns.values}::numeric[], ${columns.qualities}::text[])
             with ordinality as input(channel_id, start_at, duration_seconds, value, quality, position)
    ), inserted as (
      insert into readings.interval_reading (company_id, channel_id, start_at, duration_seconds, value, quality)
      select ${companyId}::uuid, channel_id, start_at, duration_seconds, value, quality from input
      on conflict (company_id, channel_id, start_at) do nothing
      returning channel_id, start_at
    )
    select input.position from input
     where not exists (select 1 from inserted where inserted.channel_id = input.channel_id and inserted.start_at = input.start_at)
     order by input.position`.execute(trx);
  const duplicatePositions = result.rows.map((row) => Number(row.position) - 1);
  return { inserted: rows.length - duplicatePositions.length, duplicatePositions };
}

function toColumns(rows: readonly IntervalRow[]) {
  return {
    channelIds: rows.map((row) => row.channelId),
    starts: rows.map((row) => row.startAt),
    durations: rows.map((row) => row.durationSeconds),
    values: rows.map((row) => row.value),
    qualities: rows.map((row) => row.quality),
  };
}
