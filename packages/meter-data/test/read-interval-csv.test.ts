import { describe, expect, it } from 'vitest';

import { MeterDataError, readIntervalCsv } from '../src/index.js';
import { chunkedText, collect } from './support/sources.js';

const HEADER = 'meter_serial,channel,interval_start,duration_minutes,value,unit,quality';

describe('readIntervalCsv', () => {
  it('reads epoch and ISO starts', async () => {
    const events = await collect(
      readIntervalCsv(
        chunkedText(
          `${HEADER}\nM-1,1,1710054000,15,0.125,kWh,\nM-1,1,2024-03-10T07:15:00-05:00,15,1.5e-1,kWh,estimated\n`,
        ),
      ),
    );
    const readings = events.filter((event) => event.kind === 'reading');
    expect(readings).toHaveLength(2);
    expect(readings[0]).toMatchObject({ line: 2, meterSerial: 'M-1', channel: '1', durationSeconds: 900 });
    expect(readings[0]?.start.toString()).toBe('2024-03-10T07:00:00Z');
    expect(readings[0]?.quality).toBe('actual');
    expect(readings[1]?.start.toString()).toBe('2024-03-10T12:15:00Z');
    expect(readings[1]?.value.toString()).toBe('0.15');
    expect(readings[1]?.quality).toBe('estimated');
  });

  it('accepts columns in any order', async () => {
    const events = await collect(
      readIntervalCsv(
        chunkedText('unit,value,duration_minutes,interval_start,channel,meter_serial\nm3,2,60,0,A,W-9\n'),
      ),
    );
    expect(events[0]).toMatchObject({
      kind: 'reading',
      unit: 'm3',
      meterSerial: 'W-9',
      channel: 'A',
      durationSeconds: 3600,
    });
  });

  it.each([
    ['M-1,1,2024-03-10T07:00,15,1,kWh,', 'INVALID_TIMESTAMP', 3, 'interval_start', '2024-03-10T07:00'],
    ['M-1,1,0,0,1,kWh,', 'INVALID_NUMBER', 4, 'duration_minutes', '0'],
    ['M-1,1,0,15,one,kWh,', 'INVALID_NUMBER', 5, 'value', 'one'],
    ['M-1,1,0,15,1,kwh,', 'INVALID_UNIT', 6, 'unit', 'kwh'],
    ['M-1,1,0,15,1,kWh,guessed', 'INVALID_QUALITY', 7, 'quality', 'guessed'],
    [',1,0,15,1,kWh,', 'MISSING_FIELD', 1, 'meter_serial', ''],
  ])('rejects %s', async (row, code, column, field, value) => {
    const error = await collect(readIntervalCsv(chunkedText(`${HEADER}\n${row}\n`))).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(MeterDataError);
    expect(error).toMatchObject({ code, line: 2, column, field, value });
  });

  it('reports bad rows and reads on', async () => {
    const text = `${HEADER}\nM-1,1,0,15,1,kWh,\nM-1,1,900,15,x,kWh,\nM-1,1,1800,15,3,kWh,\n`;
    const events = await collect(readIntervalCsv(chunkedText(text), { onInvalid: 'report' }));
    expect(events.map((event) => event.kind)).toEqual(['reading', 'invalid', 'reading']);
    expect(events[1]).toMatchObject({ line: 3, column: 5, field: 'value', value: 'x' });
  });

  it.each([
    ['meter_serial,channel,interval_start,value,unit', /missing the column\(s\) duration_minutes/],
    [
      `${HEADER},tariff`,
      /Unknown column "tariff" in the header on line 1; expected the columns meter_serial,channel,interval_start,duration_minutes,value,unit and optionally quality\.$/,
    ],
    [
      'interval_start,kw',
      /Unknown column "kw" .*interval_start,kw is a load profile, the format of `cis rate --load`/,
    ],
    [`${HEADER},unit`, /Column "unit" appears twice/],
  ])('rejects header %s', async (header, message) => {
    await expect(collect(readIntervalCsv(chunkedText(`${header}\n`)))).rejects.toThrow(message);
  });
});
