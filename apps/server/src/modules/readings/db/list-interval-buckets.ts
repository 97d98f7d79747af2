import { sql } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { DbOrTrx } from '../../../platform/context/request-context.js';

export type BucketSize = 'day' | 'hour';

export type IntervalBucket = {
  channelId: string;
  /** Local start of the bucket in the time zone, as `YYYY-MM-DDTHH:mm` (hour) or `YYYY-MM-DD` (day). */
  bucket: string;
  total: string;
  readingCount: number;
};

/**
 * Totals the readings of every channel of a service point by local day or local hour in `timeZone`, for
 * readings starting in [from, to). A day bucket of a daylight-saving change holds 23 or 25 hours, and the
 * local hour that an autumn change repeats is one bucket with the readings of both hours.
 */
export async function listIntervalBuckets(
  db: DbOrTrx,
  companyId: string,
  servicePointId: string,
  options: { bucket: BucketSize; timeZone: string; from: Temporal.Instant; to: Temporal.Instant },
): Promise<IntervalBucket[]> {
  const format = options.bucket === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM-DD"T"HH24:MI';
  const result = await sql<{ channelId: string; bucket: string; total: string; readingCount: string }>`
    select reading.channel_id as "channelId",
           to_char(date_trunc(${options.bucket}, reading.start_at at time zone ${options.timeZone}), ${format}) as bucket,
           sum(reading.value)::text as total,
           count(*) as "readingCount"
      from readings.interval_reading reading
      join readings.interval_channel channel on channel.company_id = reading.company_id and channel.id = reading.channel_id
     where reading.company_id = ${companyId} and channel.service_point_id = ${servicePointId}
       and reading.start_at >= ${options.from.toString()}::timestamptz and reading.start_at < ${options.to.toString()}::timestamptz
       and reading.quality <> 'missing'
     group by 1, 2
     order by 1, 2`.execute(db);
  return result.rows.map((row) => ({ ...row, readingCount: Number(row.readingCount) }));
}
