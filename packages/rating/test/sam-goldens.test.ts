import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  compileTariff,
  computeSamAnnualBills,
  importUrdbTariff,
  samLoadFromIntervals,
  type MonthlyBill,
} from '../src/index.js';
import { readCsvKw, readGreenButtonEnergy, sharedData } from './support/read-load-file.js';

type GoldenMonth = Record<(typeof charges)[number], number> & { month: number; kwh: number; peak_kw: number };
type GoldenRecord = { id: string; tariff: string; load: string; months: GoldenMonth[] };

const golden = JSON.parse(readFileSync(`${sharedData}/golden/sam-bills.json`, 'utf8')) as {
  records: GoldenRecord[];
};
const charges = [
  'energy_charge',
  'demand_charge_flat',
  'demand_charge_tou',
  'fixed_charge',
  'minimum_charge',
  'total',
] as const;
const fieldOf: Record<(typeof charges)[number], keyof MonthlyBill> = {
  energy_charge: 'energyCharge',
  demand_charge_flat: 'demandChargeFlat',
  demand_charge_tou: 'demandChargeTou',
  fixed_charge: 'fixedCharge',
  minimum_charge: 'minimumCharge',
  total: 'total',
};
const loadCache = new Map<string, Promise<Decimal[]>>();

function loadKw(load: string): Promise<Decimal[]> {
  let cached = loadCache.get(load);
  if (!cached) {
    const path = `${sharedData}/${load}`;
    cached = load.endsWith('.xml')
      ? readGreenButtonEnergy(path).then(({ intervals, tzOffsetSeconds }) =>
          samLoadFromIntervals(intervals, tzOffsetSeconds),
        )
      : readCsvKw(path);
    loadCache.set(load, cached);
  }
  return cached;
}

describe('SAM golden bills', () => {
  it.each(golden.records.map((record) => [record.id, record] as const))('%s', async (_id, record) => {
    const document = readFileSync(`${sharedData}/tariffs/urdb/${record.tariff}`, 'utf8');
    const hpDemand = record.id.endsWith('/hp-converted') ? 'convert' : 'as-kw';
    const { definition } = importUrdbTariff(document, {
      hpDemand,
      effectiveFrom: Temporal.PlainDate.from('2018-01-01'),
    });
    const bills = computeSamAnnualBills(compileTariff(definition), await loadKw(record.load));
    for (const want of record.months) {
      const got = bills.months[want.month - 1];
      expect(got?.kwh.toNumber(), `month ${want.month} kwh`).toBeCloseTo(want.kwh, 6);
      expect(got?.peakKw.toNumber(), `month ${want.month} peak_kw`).toBeCloseTo(want.peak_kw, 9);
      for (const charge of charges) {
        const value = got?.[fieldOf[charge]] as Decimal;
        expect(Math.abs(value.minus(want[charge]).toNumber()), `month ${want.month} ${charge}`).toBeLessThan(
          0.005,
        );
      }
    }
  });
});
