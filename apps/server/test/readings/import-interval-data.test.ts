import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Temporal } from 'temporal-polyfill';
import { expect, it } from 'vitest';
import {
  importIntervalData,
  listIntervalBuckets,
  sumIntervalData,
  type ImportIntervalDataInput,
} from '../../src/modules/readings/index.js';
import { repositoryRoot } from '../../src/platform/config/repository-root.js';
import { systemContext, type Db } from '../../src/platform/context/request-context.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { aMeteredServicePoint, insertServicePoint } from '../support/factories/readings.js';
import { describeEachDatabase } from '../support/test-database.js';

const greenButtonFolder = path.join(repositoryRoot, '../shared/data/greenbutton');
const coastalFile = path.join(
  greenButtonFolder,
  'Coastal_Multi_Family_Jan_1_2011_to_Jan_1_2012_RetailCustomer_5.xml',
);
const csvHeader = 'meter_serial,channel,interval_start,duration_minutes,value,unit,quality';

function lines(...rows: string[]): Readable {
  return Readable.from([`${rows.join('\n')}\n`]);
}

function importData(db: Db, company: CompanyFixture, input: ImportIntervalDataInput) {
  return importIntervalData(db, systemContext(company.companyId), input);
}

async function countReadings(db: Db, company: CompanyFixture): Promise<string> {
  const row = await db
    .selectFrom('readings.interval_reading')
    .select(db.fn.countAll<string>().as('count'))
    .where('company_id', '=', company.companyId)
    .executeTakeFirstOrThrow();
  return row.count;
}

describeEachDatabase('interval data import', (database) => {
  it('imports the Coastal Green Button year', async () => {
    const { db, kind } = database();
    const company = await insertCompany(db, { timeZone: 'America/Los_Angeles' });
    const { servicePointId } = await insertServicePoint(db, company);

    const startedMs = performance.now();
    const result = await importData(db, company, {
      source: createReadStream(coastalFile),
      format: 'greenbutton',
      mapping: { servicePointId },
    });
    const elapsedMs = performance.now() - startedMs;
    console.info(
      `Coastal import on ${kind}: 8760 rows in ${elapsedMs.toFixed(0)} ms, ${((8760 / elapsedMs) * 1000).toFixed(0)} rows/s`,
    );

    expect(result.status).toBe('committed');
    expect(result.readingsInserted).toBe(8760);
    expect(result.problems).toEqual([]);
    expect(result.channels).toHaveLength(1);
    expect(result.channels[0]).toMatchObject({ unit: 'kWh', created: true, readingsWritten: 8760 });
    const [total] = await sumIntervalData(
      db,
      company.companyId,
      [result.channels[0]!.channelId],
      Temporal.Instant.from('2010-12-01T00:00:00Z'),
      Temporal.Instant.from('2012-02-01T00:00:00Z'),
    );
    expect(total?.readingCount).toBe(8760);
    expect(total?.total).toBe('4425.305000');
    expect(total?.maxValue).toBe('0.944000');
    expect(total?.coveredSeconds).toBe(8760 * 3600);
  });

  it('buckets the Coastal year by local day and hour', async () => {
    const { db } = database();
    const company = await insertCompany(db, { timeZone: 'America/Los_Angeles' });
    const { servicePointId } = await insertServicePoint(db, company);
    await importData(db, company, {
      source: createReadStream(coastalFile),
      format: 'greenbutton',
      mapping: { servicePointId },
    });
    const options = {
      timeZone: 'America/Los_Angeles',
      from: Temporal.Instant.from('2011-03-13T08:00:00Z'),
      to: Temporal.Instant.from('2011-03-14T07:00:00Z'),
    };
    const days = await listIntervalBuckets(db, company.companyId, servicePointId, {
      ...options,
      bucket: 'day',
    });
    expect(days.map((day) => [day.bucket, day.readingCount])).toEqual([['2011-03-13', 23]]);
    const hours = await listIntervalBuckets(db, company.companyId, servicePointId, {
      ...options,
      bucket: 'hour',
    });
    expect(hours).toHaveLength(23);
    expect(hours.some((hour) => hour.bucket === '2011-03-13T02:00')).toBe(false);
  });

  it('upserts a second import of the same feed', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const { servicePointId } = await insertServicePoint(db, company);
    const file = path.join(greenButtonFolder, 'abridged/electric_containerized.xml');
    const first = await importData(db, company, {
      source: createReadStream(file),
      format: 'greenbutton',
      mapping: { servicePointId },
    });
    const second = await importData(db, company, {
      source: createReadStream(file),
      format: 'greenbutton',
      mapping: { servicePointId },
    });
    expect(first.readingsInserted).toBe(8);
    expect(second.readingsInserted).toBe(0);
    expect(second.readingsUpdated).toBe(8);
    expect(second.channels[0]).toMatchObject({ channelId: first.channels[0]?.channelId, created: false });
  });

  it('reports duplicates when asked', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const { servicePointId } = await insertServicePoint(db, company);
    const file = path.join(greenButtonFolder, 'abridged/electric_containerized.xml');
    await importData(db, company, {
      source: createReadStream(file),
      format: 'greenbutton',
      mapping: { servicePointId },
    });
    const skipped = await importData(db, company, {
      source: createReadStream(file),
      format: 'greenbutton',
      mapping: { servicePointId },
      onDuplicate: 'report',
      onError: 'skip',
    });
    expect(skipped.duplicates).toBe(8);
    expect(skipped.problems[0]).toMatchObject({ code: 'DUPLICATE_READING', field: 'start' });
    expect(skipped.problems[0]?.line).toBeGreaterThan(0);
    const aborted = await importData(db, company, {
      source: createReadStream(file),
      format: 'greenbutton',
      mapping: { servicePointId },
      onDuplicate: 'report',
    });
    expect(aborted.status).toBe('rolled-back');
  });

  it('maps usage points by market id', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const { servicePointId, marketId } = await insertServicePoint(db, company);
    const file = path.join(greenButtonFolder, 'abridged/electric_containerized.xml');
    const unmapped = await importData(db, company, {
      source: createReadStream(file),
      format: 'greenbutton',
      onError: 'skip',
    });
    expect(unmapped.rowsRejected).toBe(8);
    expect(unmapped.problems[0]).toMatchObject({ code: 'UNMAPPED_USAGE_POINT', field: 'UsagePoint' });

    const usagePointKey = unmapped.problems[0]!.value!.split('/').at(-1)!;
    const mapped = await importData(db, company, {
      source: createReadStream(file),
      format: 'greenbutton',
      mapping: { marketIds: { [usagePointKey]: marketId } },
    });
    expect(mapped.readingsInserted).toBe(8);
    expect(mapped.channels[0]?.servicePointId).toBe(servicePointId);
  });

  it('rejects gas readings on electricity', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const { servicePointId } = await insertServicePoint(db, company);
    for (const onError of ['skip', 'abort'] as const) {
      const result = await importData(db, company, {
        source: createReadStream(path.join(greenButtonFolder, 'Gas.xml')),
        format: 'greenbutton',
        mapping: { servicePointId },
        onError,
      });
      expect(result.status).toBe('rolled-back');
      expect(result.problems[0]?.code).toBe('UNIT_OF_OTHER_SERVICE');
      expect(result.problems[0]?.message).toContain('reads in therm');
      expect(result.problems[0]?.message).toContain(`electricity service point ${servicePointId}`);
      expect(result.problems[0]?.message).toContain('usage point');
    }
    expect(await countReadings(db, company)).toBe('0');
    const channels = await db
      .selectFrom('readings.interval_channel')
      .select('id')
      .where('company_id', '=', company.companyId)
      .execute();
    expect(channels).toEqual([]);

    await db
      .updateTable('premises.service_point')
      .set({ service: 'gas' })
      .where('company_id', '=', company.companyId)
      .where('id', '=', servicePointId)
      .execute();
    const onGas = await importData(db, company, {
      source: createReadStream(path.join(greenButtonFolder, 'Gas.xml')),
      format: 'greenbutton',
      mapping: { servicePointId },
    });
    expect(onGas.status).toBe('committed');
    expect(onGas.channels.map((channel) => channel.unit)).toEqual(['therm']);
  });

  it('rejects a CSV meter of another service', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aMeteredServicePoint(db, company, { installedOn: '2024-01-01' });
    const result = await importData(db, company, {
      source: lines(csvHeader, `${point.meterSerial},1,2024-03-10T07:00:00Z,15,3,m3,`),
      format: 'interval-csv',
      onError: 'skip',
    });
    expect(result.status).toBe('rolled-back');
    expect(result.problems[0]).toMatchObject({
      code: 'UNIT_OF_OTHER_SERVICE',
      line: 2,
      field: 'meter_serial',
      value: point.meterSerial,
    });
    expect(result.problems[0]?.message).toContain(`meter ${point.meterSerial} reads in m3`);
  });

  it('names a mapped market id not found', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const file = path.join(greenButtonFolder, 'abridged/electric_containerized.xml');
    const unmapped = await importData(db, company, {
      source: createReadStream(file),
      format: 'greenbutton',
      onError: 'skip',
    });
    const usagePointKey = unmapped.problems[0]!.value!.split('/').at(-1)!;
    expect(unmapped.problems[0]?.message).toContain(`marketIds {"${usagePointKey}": "<market id>"}`);

    const viaApi = await importData(db, company, {
      source: createReadStream(file),
      format: 'greenbutton',
      mapping: { marketIds: { [usagePointKey]: 'NOPE' } },
    });
    expect(viaApi.problems[0]?.message).toContain('market id NOPE, which marketIds maps usage point');
    expect(viaApi.problems[0]?.message).toContain('was not found');
    expect(viaApi.problems[0]?.message).not.toContain('--map');

    const viaCli = await importData(db, company, {
      source: createReadStream(file),
      format: 'greenbutton',
      mapping: { marketIds: { [usagePointKey]: 'NOPE' }, optionSyntax: 'cli' },
    });
    expect(viaCli.problems[0]?.message).toContain('market id NOPE, which --map maps usage point');
  });

  it('writes nothing in abort mode on a bad row', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aMeteredServicePoint(db, company, { installedOn: '2024-01-01' });
    const result = await importData(db, company, {
      source: lines(
        csvHeader,
        `${point.meterSerial},1,2024-03-10T07:00:00Z,15,0.125,kWh,`,
        `${point.meterSerial},1,2024-03-10T07:15:00Z,15,abc,kWh,`,
        `${point.meterSerial},1,2024-03-10T07:30:00Z,15,0.250,kWh,`,
      ),
      format: 'interval-csv',
      onError: 'abort',
      batchSize: 1,
    });
    expect(result.status).toBe('rolled-back');
    expect(result.problems).toEqual([expect.objectContaining({ line: 3, field: 'value', value: 'abc' })]);
    expect(await countReadings(db, company)).toBe('0');
    const channels = await db
      .selectFrom('readings.interval_channel')
      .select('id')
      .where('company_id', '=', company.companyId)
      .execute();
    expect(channels).toEqual([]);
  });

  it('skips bad rows reporting line and value', async () => {
    const { db } = database();
    const company = await insertCompany(db, { timeZone: 'Europe/Madrid' });
    const point = await aMeteredServicePoint(db, company, { installedOn: '2024-01-01' });
    const result = await importData(db, company, {
      source: lines(
        csvHeader,
        `${point.meterSerial},1,2024-03-10T07:00:00Z,15,125,Wh,`,
        `${point.meterSerial},1,2024-03-10T07:15:00Z,15,abc,kWh,`,
        `${point.meterSerial},1,2024-03-10T07:30:00Z,15,0.250,kWh,estimated`,
        `UNKNOWN-METER,1,2024-03-10T07:30:00Z,15,0.250,kWh,`,
        `${point.meterSerial},1,2024-03-10T07:45:00Z,15,1,kW,`,
      ),
      format: 'interval-csv',
      onError: 'skip',
    });
    expect(result.status).toBe('committed');
    expect(result.readingsInserted).toBe(2);
    expect(result.rowsRejected).toBe(3);
    expect(result.problems.map((problem) => [problem.line, problem.field, problem.value])).toEqual([
      [3, 'value', 'abc'],
      [5, 'meter_serial', 'UNKNOWN-METER'],
      [6, 'unit', 'kW'],
    ]);
    const stored = await db
      .selectFrom('readings.interval_reading')
      .select(['value', 'quality'])
      .where('company_id', '=', company.companyId)
      .orderBy('start_at')
      .execute();
    expect(stored).toEqual([
      { value: '0.125000', quality: 'valid' },
      { value: '0.250000', quality: 'estimated' },
    ]);
  });

  it('rolls back an unreadable file', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const { servicePointId } = await insertServicePoint(db, company);
    const result = await importData(db, company, {
      source: lines('<feed xmlns="http://www.w3.org/2005/Atom"><entry>'),
      format: 'greenbutton',
      mapping: { servicePointId },
      onError: 'skip',
    });
    expect(result.status).toBe('rolled-back');
    expect(result.problems[0]?.code).toBe('MALFORMED_XML');
  });

  it('sums only the requested range', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aMeteredServicePoint(db, company, { installedOn: '2024-01-01' });
    const result = await importData(db, company, {
      source: lines(
        csvHeader,
        `${point.meterSerial},1,2024-03-10T07:00:00Z,15,0.125,kWh,`,
        `${point.meterSerial},1,2024-03-10T07:15:00Z,15,0.5,kWh,estimated`,
        `${point.meterSerial},1,2024-03-10T07:30:00Z,15,0.25,kWh,`,
      ),
      format: 'interval-csv',
    });
    const channelId = result.channels[0]!.channelId;
    const [total] = await sumIntervalData(
      db,
      company.companyId,
      [channelId, crypto.randomUUID()],
      Temporal.Instant.from('2024-03-10T07:00:00Z'),
      Temporal.Instant.from('2024-03-10T07:30:00Z'),
    );
    expect(total).toMatchObject({
      channelId,
      total: '0.625000',
      readingCount: 2,
      estimatedCount: 1,
      coveredSeconds: 1800,
      firstStart: '2024-03-10T07:00:00.000Z',
      lastEnd: '2024-03-10T07:30:00.000Z',
    });
  });
});
