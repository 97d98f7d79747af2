import { Temporal } from 'temporal-polyfill';
import { expect, it } from 'vitest';
import {
  listRegisterReads,
  listRegisterReadsForBilling,
  recordRegisterRead,
  type RecordRegisterReadInput,
} from '../../src/modules/readings/index.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import type { Db } from '../../src/platform/context/request-context.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { aMeteredServicePoint, insertInstallation, insertMeter } from '../support/factories/readings.js';
import { describeEachDatabase } from '../support/test-database.js';

function record(
  db: Db,
  company: CompanyFixture,
  input: Partial<RecordRegisterReadInput> & { registerId: string },
) {
  return recordRegisterRead(db, systemContext(company.companyId), {
    readOn: '2024-01-31',
    value: '100',
    kind: 'actual',
    source: 'manual',
    ...input,
  });
}

describeEachDatabase('register reads', (database) => {
  it('records a valid read', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aMeteredServicePoint(db, company);
    const { read, created } = await record(db, company, { registerId: point.registerId, value: '01234.500' });
    expect(created).toBe(true);
    expect(read.value).toBe('1234.500000');
    expect(read.status).toBe('valid');
    expect(read.statusReason).toBeNull();
  });

  it('returns the stored read when recorded twice', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aMeteredServicePoint(db, company);
    const first = await record(db, company, { registerId: point.registerId, value: '10' });
    const second = await record(db, company, { registerId: point.registerId, value: '10.0' });
    expect(second.created).toBe(false);
    expect(second.read.id).toBe(first.read.id);
  });

  it('rejects a value wider than the dials', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aMeteredServicePoint(db, company, { dials: 4 });
    await expect(record(db, company, { registerId: point.registerId, value: '10000' })).rejects.toMatchObject(
      {
        code: 'READINGS.INVALID_READ',
        fields: [{ path: 'value' }],
      },
    );
    await expect(
      record(db, company, { registerId: point.registerId, value: '9999.25' }),
    ).resolves.toMatchObject({ created: true });
  });

  it.each([['-1'], ['1e3'], ['12,5'], ['1.1234567'], ['']])('rejects value %j', async (value) => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aMeteredServicePoint(db, company);
    await expect(record(db, company, { registerId: point.registerId, value })).rejects.toMatchObject({
      fields: [{ path: 'value' }],
    });
  });

  it('rejects a bad date, kind and source', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aMeteredServicePoint(db, company);
    await expect(
      record(db, company, { registerId: point.registerId, readOn: '2024-02-30' }),
    ).rejects.toMatchObject({
      fields: [{ path: 'readOn' }],
    });
    await expect(
      record(db, company, {
        registerId: point.registerId,
        kind: 'guessed' as RecordRegisterReadInput['kind'],
      }),
    ).rejects.toMatchObject({ fields: [{ path: 'kind' }] });
    await expect(
      record(db, company, {
        registerId: point.registerId,
        source: 'fax' as RecordRegisterReadInput['source'],
      }),
    ).rejects.toMatchObject({ fields: [{ path: 'source' }] });
  });

  it('rejects a read dated after today', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aMeteredServicePoint(db, company);
    const future = record(db, company, {
      registerId: point.registerId,
      readOn: '2026-03-02',
      today: '2026-03-01',
    });
    await expect(future).rejects.toMatchObject({
      kind: 'rule-violation',
      code: 'READINGS.READ_IN_FUTURE',
      fields: [{ path: 'readOn' }],
    });
    await expect(future).rejects.toThrow('readOn 2026-03-02 is after today (2026-03-01');
    await expect(
      record(db, company, { registerId: point.registerId, readOn: '2026-03-01', today: '2026-03-01' }),
    ).resolves.toMatchObject({ created: true });
  });

  it('rejects a future read without a given today', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aMeteredServicePoint(db, company);
    await expect(
      record(db, company, { registerId: point.registerId, readOn: '2099-12-15' }),
    ).rejects.toMatchObject({ code: 'READINGS.READ_IN_FUTURE' });
    expect(await listRegisterReads(db, company.companyId, { registerId: point.registerId })).toEqual([]);
  });

  it('names the month length of an impossible date', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aMeteredServicePoint(db, company);
    await expect(
      record(db, company, { registerId: point.registerId, readOn: '2026-02-30' }),
    ).rejects.toMatchObject({
      message: 'readOn: 2026-02-30 is not a valid date: February 2026 has 28 days.',
    });
  });

  it('rejects a register of another company', async () => {
    const { db } = database();
    const owner = await insertCompany(db);
    const other = await insertCompany(db);
    const point = await aMeteredServicePoint(db, owner);
    await expect(record(db, other, { registerId: point.registerId })).rejects.toMatchObject({
      kind: 'not-found',
      code: 'READINGS.REGISTER_NOT_FOUND',
    });
  });

  it('flags a backwards read as suspect', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aMeteredServicePoint(db, company);
    await record(db, company, { registerId: point.registerId, readOn: '2024-01-31', value: '5000' });
    const { read } = await record(db, company, {
      registerId: point.registerId,
      readOn: '2024-02-29',
      value: '4990',
    });
    expect(read.status).toBe('suspect');
    expect(read.statusReason).toContain('10 below the read 5000.000000 of 2024-01-31');
  });

  it('accepts a rollover past the dials', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aMeteredServicePoint(db, company, { dials: 4 });
    await record(db, company, { registerId: point.registerId, readOn: '2024-01-31', value: '9950' });
    const { read } = await record(db, company, {
      registerId: point.registerId,
      readOn: '2024-02-29',
      value: '0040',
    });
    expect(read.status).toBe('valid');
  });

  it('flags a read above the later read', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aMeteredServicePoint(db, company);
    await record(db, company, { registerId: point.registerId, readOn: '2024-03-31', value: '300' });
    const { read } = await record(db, company, {
      registerId: point.registerId,
      readOn: '2024-02-29',
      value: '900',
    });
    expect(read.status).toBe('suspect');
    expect(read.statusReason).toContain('above the later read');
  });

  it('lists reads of a register and a service point', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aMeteredServicePoint(db, company, { installedOn: '2024-01-01' });
    for (const [readOn, value] of [
      ['2024-01-31', '100'],
      ['2024-02-29', '200'],
      ['2024-03-31', '300'],
    ] as const) {
      await record(db, company, { registerId: point.registerId, readOn, value });
    }
    const byRegister = await listRegisterReads(db, company.companyId, {
      registerId: point.registerId,
      from: '2024-02-01',
    });
    expect(byRegister.map((read) => read.readOn)).toEqual(['2024-03-31', '2024-02-29']);
    const byServicePoint = await listRegisterReads(db, company.companyId, {
      servicePointId: point.servicePointId,
    });
    expect(byServicePoint).toHaveLength(3);
  });

  it('loads reads for billing across a meter exchange', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const exchanged = await aMeteredServicePoint(db, company, {
      installedOn: '2023-01-01',
      multiplier: '40',
    });
    const steady = await aMeteredServicePoint(db, company, { installedOn: '2023-06-01' });
    const noMeter = crypto.randomUUID();
    await db
      .updateTable('devices.meter_installation')
      .set({ removed_on: '2024-02-15' })
      .where('id', '=', exchanged.installationId)
      .execute();
    const newMeter = await insertMeter(db, company, { dials: 6 });
    await insertInstallation(db, company, newMeter.meterId, exchanged.servicePointId, '2024-02-15');

    await record(db, company, { registerId: exchanged.registerId, readOn: '2023-12-31', value: '900' });
    await record(db, company, { registerId: exchanged.registerId, readOn: '2024-01-31', value: '1000' });
    await record(db, company, {
      registerId: exchanged.registerId,
      readOn: '2024-02-15',
      value: '1050',
      kind: 'removal',
    });
    await record(db, company, {
      registerId: newMeter.registerId,
      readOn: '2024-02-15',
      value: '0',
      kind: 'install',
    });
    await record(db, company, { registerId: newMeter.registerId, readOn: '2024-02-29', value: '70' });
    await record(db, company, { registerId: steady.registerId, readOn: '2024-01-15', value: '50' });
    await record(db, company, { registerId: steady.registerId, readOn: '2024-02-15', value: '40' });

    const reads = await listRegisterReadsForBilling(
      db,
      company.companyId,
      [exchanged.servicePointId, steady.servicePointId, noMeter],
      Temporal.PlainDate.from('2024-02-01'),
      Temporal.PlainDate.from('2024-02-29'),
    );
    const exchange = reads.get(exchanged.servicePointId);
    expect(
      exchange?.installations.map((installation) => [
        installation.meterSerial,
        installation.installedOn,
        installation.removedOn,
      ]),
    ).toEqual([
      [exchanged.meterSerial, '2023-01-01', '2024-02-15'],
      [newMeter.meterSerial, '2024-02-15', null],
    ]);
    expect(exchange?.installations[0]?.registers[0]).toMatchObject({
      multiplier: '40.000000',
      dials: 5,
      unit: 'kWh',
    });
    expect(exchange?.readsBefore.map((read) => [read.readOn, read.value])).toEqual([
      ['2024-01-31', '1000.000000'],
    ]);
    expect(exchange?.reads.map((read) => [read.readOn, read.kind])).toEqual(
      expect.arrayContaining([
        ['2024-02-15', 'removal'],
        ['2024-02-15', 'install'],
        ['2024-02-29', 'actual'],
      ]),
    );
    expect(exchange?.reads).toHaveLength(3);

    // The backwards read of 2024-02-15 is suspect, so only the January read is there to bill from.
    const plain = reads.get(steady.servicePointId);
    expect(plain?.reads).toEqual([]);
    expect(plain?.readsBefore.map((read) => read.value)).toEqual(['50.000000']);
    expect(reads.get(noMeter)).toEqual({
      servicePointId: noMeter,
      installations: [],
      reads: [],
      readsBefore: [],
      suspectReads: [],
    });
  });
});
