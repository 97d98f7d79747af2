import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';

import { MeterDataError, readLoadCsv, type LoadCsvRow } from '../src/index.js';
import { chunkedText, collect, openSharedFile } from './support/sources.js';

function readInline(text: string, timeZone = 'America/New_York'): Promise<LoadCsvRow[]> {
  return collect(readLoadCsv(chunkedText(text), { timeZone }));
}

async function rejection(text: string, timeZone = 'America/New_York'): Promise<MeterDataError> {
  const error = await readInline(text, timeZone).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(MeterDataError);
  return error as MeterDataError;
}

describe('readLoadCsv on the sample loads', () => {
  // Rows, annual kWh and peak kW published with each profile.
  it.each([
    ['ssc-residential-hourly', 8760, '6019.900', '2.0810'],
    ['ssc-residential-15min', 35040, '6019.900', '2.0810'],
    ['ssc-commercial-hourly', 8760, '726208.384', '274.2310'],
    ['ssc-commercial-large-hourly', 8760, '4442108.746', '747.1297'],
    ['crb-atlanta-medium-office', 8760, '929349', '360.1817'],
    ['crb-los-angeles-medium-office', 8760, '846742', '247.7545'],
    ['crb-san-francisco-primary-school', 8760, '1009369', '378.7722'],
    ['crb-chicago-retail-store', 8760, '513106', '161.0192'],
    ['crb-los-angeles-hospital', 8760, '8498389', '1518.1432'],
    ['crb-boulder-small-office', 8760, '84900', '25.6413'],
  ])('reads %s', async (name, rows, annualKwh, peakKw) => {
    let count = 0;
    let energyKwh = new Decimal(0);
    let peak = new Decimal(0);
    for await (const row of readLoadCsv(openSharedFile(`loads/${name}.csv`), { timeZone: 'UTC' })) {
      count += 1;
      energyKwh = energyKwh.plus(row.kw.times(row.durationSeconds).div(3600));
      peak = Decimal.max(peak, row.kw);
    }
    expect(count).toBe(rows);
    const decimals = annualKwh.includes('.') ? 3 : 0;
    expect(energyKwh.toFixed(decimals)).toBe(annualKwh);
    expect(peak.toFixed(4)).toBe(peakKw);
  });

  it('reads standard-time stamps as written in UTC', async () => {
    const rows = await collect(
      readLoadCsv(openSharedFile('loads/ssc-residential-hourly.csv'), { timeZone: 'UTC' }),
    );
    expect(rows[0]?.start.toString()).toBe('2018-01-01T00:00:00Z');
    expect(rows[0]?.line).toBe(2);
    expect(rows.at(-1)?.localStart.toString()).toBe('2018-12-31T23:00:00');
    expect(rows.at(-1)?.durationSeconds).toBe(3600);
  });

  it('reads standard-time stamps in a fixed-offset zone', async () => {
    const rows = await collect(
      readLoadCsv(openSharedFile('loads/ssc-residential-hourly.csv'), { timeZone: 'Etc/GMT+7' }),
    );
    expect(rows).toHaveLength(8760);
    expect(rows[0]?.start.toString()).toBe('2018-01-01T07:00:00Z');
  });

  it('rejects the skipped hour in a DST zone', async () => {
    const source = openSharedFile('loads/ssc-residential-hourly.csv');
    const error = await collect(readLoadCsv(source, { timeZone: 'America/New_York' })).catch(
      (caught: unknown) => caught,
    );
    // 2018-03-11T02:00 is hour (31 + 28 + 10) × 24 + 2 = 1658 of the year, on line 1660.
    expect(error).toMatchObject({ code: 'NONEXISTENT_LOCAL_TIME', line: 1660, value: '2018-03-11T02:00' });
  });
});

describe('readLoadCsv on a real calendar', () => {
  it('orders the repeated autumn hour', async () => {
    const rows = await readInline(
      'interval_start,kw\n2024-11-03T00:00,1\n2024-11-03T01:00,2\n2024-11-03T01:00,3\n2024-11-03T02:00,4\n',
    );
    expect(rows.map((row) => row.start.toString())).toEqual([
      '2024-11-03T04:00:00Z',
      '2024-11-03T05:00:00Z',
      '2024-11-03T06:00:00Z',
      '2024-11-03T07:00:00Z',
    ]);
    expect(rows.map((row) => row.durationSeconds)).toEqual([3600, 3600, 3600, 3600]);
    expect(rows.map((row) => row.localStart.hour)).toEqual([0, 1, 1, 2]);
  });

  it('keeps a 23-hour spring day continuous', async () => {
    const lines = ['interval_start,kw', '2024-03-10T00:00,1', '2024-03-10T01:00,1', '2024-03-10T03:00,1'];
    const rows = await readInline(`${lines.join('\n')}\n`);
    expect(rows.map((row) => row.durationSeconds)).toEqual([3600, 3600, 3600]);
  });

  it('takes explicit offsets as written', async () => {
    const rows = await readInline(
      'interval_start,kw\n2024-11-03T01:00-04:00,1.5\n2024-11-03T01:00-05:00,2.5\n2024-11-03T07:00Z,3.5\n',
    );
    expect(rows.map((row) => row.start.toString())).toEqual([
      '2024-11-03T05:00:00Z',
      '2024-11-03T06:00:00Z',
      '2024-11-03T07:00:00Z',
    ]);
    expect(rows[1]?.localStart.toString()).toBe('2024-11-03T01:00:00');
    expect(rows[2]?.kw.toString()).toBe('3.5');
  });

  it('keeps kW exact', async () => {
    const rows = await readInline(
      'interval_start,kw\n2018-01-01T00:00,0.40864765644073486\n2018-01-01T00:15,1e-3\n',
      'UTC',
    );
    expect(rows[0]?.kw.toString()).toBe('0.40864765644073486');
    expect(rows[0]?.durationSeconds).toBe(900);
    expect(rows[1]?.kw.toString()).toBe('0.001');
  });

  it('returns no rows for a header alone', async () => {
    expect(await readInline('interval_start,kw\n')).toEqual([]);
  });
});

describe('readLoadCsv errors', () => {
  it.each([
    ['time,kw\n', 'INVALID_HEADER', 1, undefined, 'time,kw'],
    ['', 'INVALID_HEADER', 1, undefined, ''],
    ['interval_start,kw\n2018-01-01T00:00\n', 'MISSING_FIELD', 2, 2, undefined],
    ['interval_start,kw\n2018-01-01T00:00,\n', 'MISSING_FIELD', 2, 2, ''],
    ['interval_start,kw\n,1\n', 'MISSING_FIELD', 2, 1, ''],
    ['interval_start,kw\n2018-01-01T00:00,abc\n', 'INVALID_NUMBER', 2, 2, 'abc'],
    ['interval_start,kw\n2018-01-01T00:00,NaN\n', 'INVALID_NUMBER', 2, 2, 'NaN'],
    ['interval_start,kw\n2018-13-01T00:00,1\n', 'INVALID_TIMESTAMP', 2, 1, '2018-13-01T00:00'],
    ['interval_start,kw\n2018-01-01,1\n', 'INVALID_TIMESTAMP', 2, 1, '2018-01-01'],
    ['interval_start,kw\n2024-03-10T02:30,1\n', 'NONEXISTENT_LOCAL_TIME', 2, 1, '2024-03-10T02:30'],
    ['interval_start,kw\n2018-01-01T00:00,1\n', 'TOO_FEW_ROWS', 2, undefined, undefined],
    ['interval_start,kw\n"2018-01-01T00:00,1\n', 'MALFORMED_CSV', 2, undefined, undefined],
  ])('rejects %j as %s', async (text, code, line, column, value) => {
    const error = await rejection(text);
    expect(error.code).toBe(code);
    expect(error.line).toBe(line);
    expect(error.column).toBe(column);
    expect(error.value).toBe(value);
  });

  it.each([
    ['2018-01-01T00:00,1\n2018-01-01T01:00,1\n2018-01-01T03:00,1', 'INTERVAL_GAP', 4],
    ['2018-01-01T00:00,1\n2018-01-01T01:00,1\n2018-01-01T01:30,1', 'INTERVAL_OVERLAP', 4],
    ['2018-01-01T01:00,1\n2018-01-01T00:00,1', 'OUT_OF_ORDER', 3],
    ['2018-01-01T01:00,1\n2018-01-01T01:00,1', 'OUT_OF_ORDER', 3],
  ])('rejects spacing %#', async (rows, code, line) => {
    const error = await rejection(`interval_start,kw\n${rows}\n`, 'UTC');
    expect(error.code).toBe(code);
    expect(error.line).toBe(line);
    expect(error.message).toContain(`Line ${line}`);
  });

  it('yields the rows before a bad one', async () => {
    const seen: Temporal.Instant[] = [];
    const source = chunkedText(
      'interval_start,kw\n2018-01-01T00:00,1\n2018-01-01T01:00,1\n2018-01-01T01:00,x\n',
    );
    await expect(async () => {
      for await (const row of readLoadCsv(source, { timeZone: 'UTC' })) {
        seen.push(row.start);
      }
    }).rejects.toThrow(/Line 4: kw "x"/);
    expect(seen).toHaveLength(1);
  });

  it('rejects an unknown time zone', async () => {
    await expect(readInline('interval_start,kw\n', 'Mars/Olympus')).rejects.toThrow(
      /Unknown time zone "Mars\/Olympus"/,
    );
  });
});
