import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { importRegisterReads, listRegisterReads } from '../../src/modules/readings/index.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import { insertCompany } from '../support/factories/company.js';
import { aMeteredServicePoint } from '../support/factories/readings.js';
import { describeEachDatabase } from '../support/test-database.js';

function csv(...rows: string[]): Readable {
  return Readable.from([`${rows.join('\n')}\n`]);
}

describeEachDatabase('register read CSV import', (database) => {
  it('imports reads and flags a backwards one', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aMeteredServicePoint(db, company);
    const result = await importRegisterReads(db, systemContext(company.companyId), {
      source: csv(
        'meter_serial,register_code,read_on,value,kind',
        `${point.meterSerial},1.8.0,2024-01-31,1000,actual`,
        `${point.meterSerial},1.8.0,2024-02-29,900,`,
        `${point.meterSerial},1.8.0,2024-03-31,1200,customer`,
      ),
    });
    expect(result).toMatchObject({ status: 'committed', readsCreated: 3, readsSuspect: 1, rowsRejected: 0 });
    const reads = await listRegisterReads(db, company.companyId, { registerId: point.registerId });
    expect(reads.map((read) => [read.readOn, read.kind, read.status, read.source])).toEqual([
      ['2024-03-31', 'customer', 'valid', 'import'],
      ['2024-02-29', 'actual', 'suspect', 'import'],
      ['2024-01-31', 'actual', 'valid', 'import'],
    ]);
  });

  it('skips bad rows with line and value', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aMeteredServicePoint(db, company, { dials: 4 });
    const result = await importRegisterReads(db, systemContext(company.companyId), {
      onError: 'skip',
      source: csv(
        'read_on,meter_serial,register_code,value',
        `2024-01-31,${point.meterSerial},1.8.0,100`,
        `2024-02-31,${point.meterSerial},1.8.0,200`,
        `2024-03-31,${point.meterSerial},1.8.0,12345`,
        `2024-03-31,NOPE,1.8.0,1`,
        `2024-01-31,${point.meterSerial},1.8.0,100`,
      ),
    });
    expect(result).toMatchObject({
      status: 'committed',
      readsCreated: 1,
      readsAlreadyStored: 1,
      rowsRejected: 3,
    });
    expect(result.problems.map((problem) => [problem.line, problem.field, problem.value])).toEqual([
      [3, 'read_on', '2024-02-31'],
      [4, 'value', '12345'],
      [5, 'register_code', '1.8.0'],
    ]);
  });

  it('rejects a row dated after today', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aMeteredServicePoint(db, company);
    const result = await importRegisterReads(db, systemContext(company.companyId), {
      onError: 'skip',
      today: '2026-03-01',
      source: csv(
        'meter_serial,register_code,read_on,value',
        `${point.meterSerial},1.8.0,2026-02-28,100`,
        `${point.meterSerial},1.8.0,2099-12-15,500`,
        `${point.meterSerial},1.8.0,2026-03-01,150`,
      ),
    });
    expect(result).toMatchObject({ status: 'committed', readsCreated: 2, readsSuspect: 0, rowsRejected: 1 });
    expect(result.problems[0]).toMatchObject({
      line: 3,
      code: 'READINGS.READ_IN_FUTURE',
      field: 'read_on',
      value: '2099-12-15',
    });
    expect(result.problems[0]?.message).toContain('after today (2026-03-01');
  });

  it('writes nothing in abort mode', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const point = await aMeteredServicePoint(db, company);
    const result = await importRegisterReads(db, systemContext(company.companyId), {
      source: csv(
        'meter_serial,register_code,read_on,value',
        `${point.meterSerial},1.8.0,2024-01-31,100`,
        `${point.meterSerial},1.8.0,2024-02-29,-5`,
      ),
    });
    expect(result.status).toBe('rolled-back');
    expect(result.problems[0]).toMatchObject({ line: 3, field: 'value', value: '-5' });
    expect(await listRegisterReads(db, company.companyId, { registerId: point.registerId })).toEqual([]);
  });

  it('rejects an unknown column', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const result = await importRegisterReads(db, systemContext(company.companyId), {
      onError: 'skip',
      source: csv('meter,register_code,read_on,value'),
    });
    expect(result.status).toBe('rolled-back');
    expect(result.problems[0]?.code).toBe('INVALID_HEADER');
  });
});
