import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const data = '../shared/data';
const coastal = `${data}/greenbutton/Coastal_Multi_Family_Jan_1_2011_to_Jan_1_2012_RetailCustomer_5.xml`;
const xcel = `${data}/tariffs/urdb/xcel-colorado-residential-re-tou.json`;

type Summary = Record<
  'kwh' | 'peak_kw' | 'energy_charge' | 'fixed_charge' | 'minimum_charge' | 'total',
  string
>;
type RateOutput = { months: (Summary & { month: number })[]; annual: Summary };

async function cis(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run('node', ['apps/server/bin/cis.js', 'rate', ...args], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('cis rate', () => {
  it('bills a Green Button year in calendar mode', async () => {
    const calendar = await cis([
      '--tariff',
      xcel,
      '--load',
      coastal,
      '--mode',
      'calendar',
      '--year',
      '2011',
      '--timezone',
      'America/Los_Angeles',
      '--json',
    ]);
    expect(calendar.code).toBe(0);
    const bills = JSON.parse(calendar.stdout) as RateOutput;
    expect(bills.months.map((month) => month.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(Number(bills.annual.kwh)).toBeCloseTo(4425.305, 3);
    expect(Number(bills.annual.peak_kw)).toBeCloseTo(0.944, 3);
    for (const month of bills.months) {
      expect(month.fixed_charge).toBe('5.71');
      expect(month.total).toMatch(/^\d+\.\d{2}$/);
      const parts = Math.round((Number(month.energy_charge) + Number(month.fixed_charge)) * 100);
      expect(Math.round(Number(month.total) * 100)).toBe(parts);
      // Every kWh costs between the cheapest and the dearest energy price of the rate (rate + adj).
      const pricePerKwh = Number(month.energy_charge) / Number(month.kwh);
      expect(pricePerKwh).toBeGreaterThan(0.0947);
      expect(pricePerKwh).toBeLessThan(0.2199);
    }

    const sam = JSON.parse(
      (await cis(['--tariff', xcel, '--load', coastal, '--mode', 'sam', '--json'])).stdout,
    ) as RateOutput;
    const ratio = Number(bills.annual.energy_charge) / Number(sam.annual.energy_charge);
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);
  });

  it('prints each line with its trace without --json', async () => {
    const table = await cis([
      '--tariff',
      xcel,
      '--load',
      coastal,
      '--mode',
      'calendar',
      '--year',
      '2011',
      '--timezone',
      'America/Los_Angeles',
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Month 7:');
    expect(table.stdout).toMatch(/kWh × 0\.\d+ per kWh/);
    expect(table.stderr).toContain('dgrules');
  });

  it('names the field of a rate it cannot bill', async () => {
    const result = await cis([
      '--tariff',
      `${data}/tariffs/urdb/invalid/dixie-escalante-net-metering-missing-rate.json`,
      '--load',
      `${data}/loads/ssc-residential-hourly.csv`,
      '--mode',
      'sam',
      '--json',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('energyratestructure[0][0].rate');
  });

  it('names the line and value of a bad load row', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cis-rate-'));
    const load = join(folder, 'load.csv');
    writeFileSync(
      load,
      'interval_start,kw\n2018-01-01T00:00,1.5\n2018-01-01T01:00,lots\n2018-01-01T02:00,1\n',
    );
    const result = await cis([
      '--tariff',
      xcel,
      '--load',
      load,
      '--mode',
      'calendar',
      '--year',
      '2018',
      '--timezone',
      'Etc/GMT+7',
      '--json',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Line 3');
    expect(result.stderr).toContain('lots');
  });

  it('rejects a spring-forward time that does not exist', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cis-rate-'));
    const load = join(folder, 'load.csv');
    writeFileSync(load, 'interval_start,kw\n2024-03-10T01:00,1\n2024-03-10T02:00,1\n2024-03-10T03:00,1\n');
    const result = await cis([
      '--tariff',
      xcel,
      '--load',
      load,
      '--mode',
      'calendar',
      '--year',
      '2024',
      '--timezone',
      'America/Denver',
      '--json',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Line 3');
  });

  it('names the option of a missing file', async () => {
    const tariff = await cis([
      '--tariff',
      'nope.json',
      '--load',
      `${data}/loads/ssc-residential-hourly.csv`,
      '--mode',
      'sam',
    ]);
    expect(tariff.code).not.toBe(0);
    expect(tariff.stderr).toContain('--tariff: file nope.json not found');
    expect(tariff.stderr).not.toContain('ENOENT');
    const load = await cis(['--tariff', xcel, '--load', 'nope.csv', '--mode', 'sam']);
    expect(load.stderr).toContain('--load: file nope.csv not found');
  });

  it('reports invalid tariff JSON with its position', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cis-rate-'));
    const tariff = join(folder, 'rate.json');
    writeFileSync(tariff, '{"items": [\n');
    const result = await cis([
      '--tariff',
      tariff,
      '--load',
      `${data}/loads/ssc-residential-hourly.csv`,
      '--mode',
      'sam',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('invalid JSON: Unexpected end of JSON input (line 2, column 1)');
    expect(result.stderr).not.toContain('expected a URDB rate object');
  });

  it('names --hp-demand for hp demand', async () => {
    const result = await cis([
      '--tariff',
      `${data}/tariffs/urdb/missoula-electric-irrigation-5-10-hp.json`,
      '--load',
      `${data}/loads/ssc-residential-hourly.csv`,
      '--mode',
      'calendar',
      '--year',
      '2018',
      '--timezone',
      'Etc/GMT+7',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('demandrateunit');
    expect(result.stderr).toContain('--hp-demand as-kw');
  });

  it('names the unit of a gas feed', async () => {
    const result = await cis(['--tariff', xcel, '--load', `${data}/greenbutton/Gas.xml`, '--mode', 'sam']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'the interval is in therm, but the load must be electricity in Wh or kWh',
    );
    expect(result.stderr).not.toContain('is not energy');
  });

  it('suggests standard time for a skipped hour', async () => {
    const result = await cis([
      '--tariff',
      xcel,
      '--load',
      `${data}/loads/ssc-residential-hourly.csv`,
      '--mode',
      'calendar',
      '--year',
      '2018',
      '--timezone',
      'America/Denver',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Line 1660: interval_start "2018-03-11T02:00" does not exist');
    expect(result.stderr).toContain('--timezone Etc/GMT+7');
    expect(result.stderr).toContain('--mode sam');
    expect(result.stderr.match(/line 1660/gi)).toHaveLength(1);
    expect(result.stderr).not.toContain('(value');
  });

  it.each([
    ['-3.5', '-3.5 kW is negative'],
    ['1e308', '1e+308 kW is above the limit of 1,000,000 kW per interval'],
  ])('rejects load kW %s', async (kw, message) => {
    const folder = mkdtempSync(join(tmpdir(), 'cis-rate-'));
    const load = join(folder, 'load.csv');
    writeFileSync(
      load,
      `interval_start,kw\n2018-01-01T00:00,1\n2018-01-01T01:00,${kw}\n2018-01-01T02:00,1\n`,
    );
    for (const mode of [['sam'], ['calendar', '--year', '2018', '--timezone', 'Etc/GMT+7']]) {
      const result = await cis(['--tariff', xcel, '--load', load, '--mode', ...mode, '--json']);
      expect(result.code).not.toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`Line 3: ${message}`);
    }
  });
});
