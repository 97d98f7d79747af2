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
    expect(result.stderr).toContain('line 3');
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
    expect(result.stderr).toContain('line 3');
  });
});
