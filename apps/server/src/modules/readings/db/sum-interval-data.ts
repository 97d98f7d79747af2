import { sql } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { DbOrTrx } from '../../../platform/context/request-context.js';

export type ChannelTotal = {
  channelId: string;
  unit: string;
  /** Sum of the readings' values as decimal text; '0' when the channel has no readings in the range. */
  total: string;
  /** Largest single reading (for a demand channel, the peak), or null with no readings. */
  maxValue: string | null;
  readingCount: number;
  /** Seconds the readings cover; less than the range's length means gaps. */
  coveredSeconds: number;
  estimatedCount: number;
  suspectCount: number;
  firstStart: string | null;
  lastEnd: string | null;
};

/**
 * Sums, in one query, the interval readings of each channel that start in [from, to). Readings of
 * quality `missing` are left out of the total and the coverage. Every requested channel of the company is
 * in the result; ids of other companies are not.
 */
export async function sumIntervalData(
  db: DbOrTrx,
  companyId: string,
  channelIds: readonly string[],
  from: Temporal.Instant,
  to: Temporal.Instant,
): Promise<ChannelTotal[]> {
  if (channelIds.length === 0) return [];
  const result = await sql<{
    channelId: string;
    unit: string;
    total: string;
    maxValue: string | null;
    readingCount: string;
    coveredSeconds: string;
    estimatedCount: string;
    suspectCount: string;
    firstStart: Date | null;
    lastEnd: Date | null;
  }>`
    select channel.id as "channelId", channel.unit,
           coalesce(sum(reading.value), 0)::text as total,
           max(reading.value)::text as "maxValue",
           count(reading.start_at) as "readingCount",
           coalesce(sum(reading.duration_seconds), 0) as "coveredSeconds",
           count(*) filter (where reading.quality = 'estimated') as "estimatedCount",
           count(*) filter (where reading.quality = 'suspect') as "suspectCount",
           min(reading.start_at) as "firstStart",
           max(reading.start_at + make_interval(secs => reading.duration_seconds)) as "lastEnd"
      from readings.interval_channel channel
      left join readings.interval_reading reading
        on reading.company_id = channel.company_id and reading.channel_id = channel.id
       and reading.start_at >= ${from.toString()}::timestamptz and reading.start_at < ${to.toString()}::timestamptz
       and reading.quality <> 'missing'
     where channel.company_id = ${companyId} and channel.id = any(${[...new Set(channelIds)]}::uuid[])
     group by channel.id, channel.unit
     order by channel.id`.execute(db);
  return result.rows.map((row) => ({
    channelId: row.channelId,
    unit: row.unit,
    total: row.total,
    maxValue: row.maxValue,
    readingCount: Number(row.readingCount),
    coveredSeconds: Number(row.coveredSeconds),
    estimatedCount: Number(row.estimatedCount),
    suspectCount: Number(row.suspectCount),
    firstStart: row.firstStart?.toISOString() ?? null,
    lastEnd: row.lastEnd?.toISOString() ?? null,
  }));
}
