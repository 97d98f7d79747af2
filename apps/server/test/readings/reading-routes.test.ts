import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { repositoryRoot } from '../../src/platform/config/repository-root.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { createCompanyWithApiKey } from '../support/factories/api-key.js';
import { aMeteredServicePoint, insertServicePoint } from '../support/factories/readings.js';
import { describeEachDatabase } from '../support/test-database.js';

const coastalFile = path.join(
  repositoryRoot,
  '../shared/data/greenbutton/Coastal_Multi_Family_Jan_1_2011_to_Jan_1_2012_RetailCustomer_5.xml',
);

describeEachDatabase('reading routes', (database) => {
  it('rejects reads and filters in year 0000', async () => {
    const { db } = database();
    const fixture = await createCompanyWithApiKey(db, ['readings:read', 'readings:write']);
    const company = { companyId: fixture.companyId, code: fixture.companyCode, billCycleId: '' };
    const point = await aMeteredServicePoint(db, company);
    const { app } = await buildTestHttpApp(database());
    const headers = { authorization: `Bearer ${fixture.token}` };
    const recorded = await app.inject({
      method: 'POST',
      url: '/v1/register-reads',
      headers,
      payload: { registerId: point.registerId, readOn: '0000-01-31', value: '500' },
    });
    const listed = await app.inject({
      method: 'GET',
      url: `/v1/register-reads?registerId=${point.registerId}&from=0000-01-01`,
      headers,
    });
    expect(recorded.statusCode).toBe(400);
    expect(recorded.json()).toMatchObject({ errors: [{ path: 'readOn' }] });
    expect(listed.statusCode).toBe(400);
    expect(listed.json()).toMatchObject({ errors: [{ path: 'query.from' }] });
    await app.close();
  });

  it('records and lists register reads', async () => {
    const { db } = database();
    const fixture = await createCompanyWithApiKey(db, ['readings:read', 'readings:write']);
    const company = { companyId: fixture.companyId, code: fixture.companyCode, billCycleId: '' };
    const point = await aMeteredServicePoint(db, company);
    const { app } = await buildTestHttpApp(database());
    const headers = { authorization: `Bearer ${fixture.token}` };

    const first = await app.inject({
      method: 'POST',
      url: '/v1/register-reads',
      headers,
      payload: { registerId: point.registerId, readOn: '2024-01-31', value: '500' },
    });
    expect(first.statusCode).toBe(201);
    const backwards = await app.inject({
      method: 'POST',
      url: '/v1/register-reads',
      headers,
      payload: { registerId: point.registerId, readOn: '2024-02-29', value: '400' },
    });
    expect(backwards.json<{ read: { status: string } }>().read.status).toBe('suspect');
    const tooWide = await app.inject({
      method: 'POST',
      url: '/v1/register-reads',
      headers,
      payload: { registerId: point.registerId, readOn: '2024-03-31', value: '123456' },
    });
    expect(tooWide.statusCode).toBe(400);
    expect(tooWide.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('value');

    const listed = await app.inject({
      method: 'GET',
      url: `/v1/register-reads?servicePointId=${point.servicePointId}`,
      headers,
    });
    expect(listed.json<{ items: unknown[] }>().items).toHaveLength(2);
    await app.close();
  });

  it('imports Green Button and returns day buckets', async () => {
    const { db } = database();
    const fixture = await createCompanyWithApiKey(db, ['readings:read', 'readings:write']);
    const company = { companyId: fixture.companyId, code: fixture.companyCode, billCycleId: '' };
    const { servicePointId } = await insertServicePoint(db, company);
    const { app } = await buildTestHttpApp(database());
    const headers = { authorization: `Bearer ${fixture.token}` };

    const imported = await app.inject({
      method: 'POST',
      url: '/v1/interval-imports',
      headers,
      payload: { format: 'greenbutton', document: readFileSync(coastalFile, 'utf8'), servicePointId },
    });
    expect(imported.statusCode).toBe(200);
    expect(imported.json<{ readingsInserted: number }>().readingsInserted).toBe(8760);

    // The company is in Europe/Madrid, so the Pacific days are cut at Madrid midnight.
    const days = await app.inject({
      method: 'GET',
      url: `/v1/service-points/${servicePointId}/interval-data?bucket=day&from=2011-06-01&to=2011-06-03`,
      headers,
    });
    expect(days.statusCode).toBe(200);
    const body = days.json<{ timeZone: string; buckets: { bucket: string; readingCount: number }[] }>();
    expect(body.timeZone).toBe('Europe/Madrid');
    expect(body.buckets.map((bucket) => [bucket.bucket, bucket.readingCount])).toEqual([
      ['2011-06-01', 24],
      ['2011-06-02', 24],
    ]);
    await app.close();
  });

  it('answers 422 when an import is rolled back', async () => {
    const { db } = database();
    const fixture = await createCompanyWithApiKey(db, ['readings:write']);
    const { app } = await buildTestHttpApp(database());
    const response = await app.inject({
      method: 'POST',
      url: '/v1/interval-imports',
      headers: { authorization: `Bearer ${fixture.token}` },
      payload: {
        format: 'interval-csv',
        document:
          'meter_serial,channel,interval_start,duration_minutes,value,unit\nX,1,2024-01-01T00:00Z,15,oops,kWh\n',
      },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json<{ code: string; errors: { path: string }[] }>()).toMatchObject({
      code: 'READINGS.IMPORT_ROLLED_BACK',
      errors: [{ path: 'document.line[2].value' }],
    });
    await app.close();
  });

  it('answers 422 for gas on electricity', async () => {
    const { db } = database();
    const fixture = await createCompanyWithApiKey(db, ['readings:write']);
    const company = { companyId: fixture.companyId, code: fixture.companyCode, billCycleId: '' };
    const { servicePointId } = await insertServicePoint(db, company);
    const { app } = await buildTestHttpApp(database());
    const response = await app.inject({
      method: 'POST',
      url: '/v1/interval-imports',
      headers: { authorization: `Bearer ${fixture.token}` },
      payload: {
        format: 'greenbutton',
        servicePointId,
        onError: 'skip',
        document: readFileSync(path.join(repositoryRoot, '../shared/data/greenbutton/Gas.xml'), 'utf8'),
      },
    });
    expect(response.statusCode).toBe(422);
    const body = response.json<{ detail: string; errors: { path: string }[] }>();
    expect(body.detail).toContain('reads in therm');
    expect(body.detail).toContain(`electricity service point ${servicePointId}`);
    expect(body.errors[0]?.path).toMatch(/^document\.line\[\d+\]\.UsagePoint$/);
    const channels = await db
      .selectFrom('readings.interval_channel')
      .select('id')
      .where('company_id', '=', fixture.companyId)
      .execute();
    expect(channels).toEqual([]);
    await app.close();
  });
});
