import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { createTestApiKey } from '../support/factories/api-key.js';
import { insertCompany } from '../support/factories/company.js';
import {
  insertMeteredAccount,
  insertTariff,
  type MeteredAccount,
} from '../support/factories/metered-account.js';
import { describeEachDatabase } from '../support/test-database.js';

type BucketBody = {
  timeZone: string;
  channels: { id: string; name: string; unit: string; intervalSeconds: number | null }[];
  buckets: { channelId: string; bucket: string; total: string; readingCount: number }[];
};

const timeZone = 'Europe/Madrid';

describeEachDatabase('interval buckets', (database) => {
  let app: HttpApp;
  let token: string;
  let metered: MeteredAccount;

  beforeAll(async () => {
    const { db } = database();
    ({ app } = await buildTestHttpApp(database()));
    const company = await insertCompany(db, { timeZone });
    token = (await createTestApiKey(db, company.companyId, ['readings:read', 'readings:write'])).token;
    metered = await insertMeteredAccount(db, company, await insertTariff(db, company.companyId));
    const serial = await db
      .selectFrom('devices.meter')
      .select('serial_number')
      .where('id', '=', metered.meterId)
      .executeTakeFirstOrThrow();
    // Every local hour of the two days on which Madrid's clocks change, one kWh more each hour.
    const rows = ['2026-03-29', '2026-10-25'].flatMap((day) => {
      const start = Temporal.PlainDate.from(day).toZonedDateTime(timeZone).toInstant();
      const end = Temporal.PlainDate.from(day).add({ days: 1 }).toZonedDateTime(timeZone).toInstant();
      const hours = start.until(end, { largestUnit: 'hours' }).hours;
      return Array.from(
        { length: hours },
        (_, hour) => `${serial.serial_number},1,${start.add({ hours: hour }).toString()},60,${hour + 1},kWh`,
      );
    });
    const imported = await app.inject({
      method: 'POST',
      url: '/v1/interval-imports',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        format: 'interval-csv',
        servicePointId: metered.servicePointId,
        document: ['meter_serial,channel,interval_start,duration_minutes,value,unit', ...rows].join('\n'),
      },
    });
    expect(imported.statusCode).toBe(200);
  });
  afterAll(async () => {
    await app.close();
  });

  async function buckets(query: string): Promise<BucketBody> {
    const response = await app.inject({
      method: 'GET',
      url: `/v1/service-points/${metered.servicePointId}/interval-data?${query}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
    return response.json<BucketBody>();
  }

  it('totals daylight saving days by day', async () => {
    const body = await buckets('bucket=day&from=2026-03-29&to=2026-10-26');

    expect(body.buckets.map((bucket) => [bucket.bucket, bucket.readingCount, bucket.total])).toEqual([
      ['2026-03-29', 23, '276.000000'],
      ['2026-10-25', 25, '325.000000'],
    ]);
    expect(body.channels).toEqual([
      {
        id: body.buckets[0]?.channelId,
        name: expect.any(String) as string,
        unit: 'kWh',
        intervalSeconds: 3600,
      },
    ]);
  });

  it('totals daylight saving days by hour', async () => {
    const spring = await buckets('bucket=hour&from=2026-03-29&to=2026-03-30');
    const autumn = await buckets('bucket=hour&from=2026-10-25&to=2026-10-26');

    expect(spring.buckets).toHaveLength(23);
    expect(spring.buckets.map((bucket) => bucket.bucket)).not.toContain('2026-03-29T02:00');
    expect(autumn.buckets).toHaveLength(24);
    // The repeated 02:00 hour is one bucket with both hours' readings: 3 kWh and 4 kWh.
    expect(autumn.buckets.find((bucket) => bucket.bucket === '2026-10-25T02:00')).toMatchObject({
      readingCount: 2,
      total: '7.000000',
    });
  });
});
