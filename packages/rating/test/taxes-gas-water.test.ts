import { describe, expect, it } from 'vitest';
import { rateBillPeriod, type ComponentDefinition, type RateBillPeriodResult } from '../src/index.js';
import { buildTariff, energyReads, period, usd } from './support/build-tariff.js';

const eur = { currency: 'EUR', rounding: 'half-up', timeZone: 'Europe/Madrid' } as const;

function rated(result: RateBillPeriodResult) {
  if (result.kind !== 'rated')
    throw new Error(`expected a rated bill, got ${result.reason}: ${result.detail}`);
  return result;
}

const flatEnergy = (price: string): ComponentDefinition => ({
  kind: 'energy',
  id: 'energy',
  name: 'Energy',
  tierBasis: 'bill-total',
  periods: [{ period: 0, tiers: [{ limitUnit: 'kWh', price }] }],
});

describe('taxes and levies', () => {
  it('apply to the chosen lines only', () => {
    const tariff = buildTariff([
      {
        components: [
          { kind: 'fixed', id: 'meter-rental', name: 'Meter rental', amount: '2', per: 'month' },
          flatEnergy('0.15'),
          {
            kind: 'tax',
            id: 'electricity-tax',
            name: 'Electricity tax',
            rate: { kind: 'per-unit', price: '0.001', unit: 'kWh' },
            appliesTo: { kinds: ['energy'] },
          },
          {
            kind: 'tax',
            id: 'vat',
            name: 'VAT',
            rate: { kind: 'percent', percent: '21' },
            appliesTo: { componentIds: ['energy', 'electricity-tax'] },
          },
        ],
      },
    ]);
    const result = rated(
      rateBillPeriod(tariff, {
        period: period('2024-01-01', '2024-02-01'),
        usage: energyReads('300'),
        settings: eur,
      }),
    );
    const amounts = Object.fromEntries(result.lines.map((line) => [line.componentId, line.amountMinor]));
    expect(amounts).toEqual({ 'meter-rental': 200n, energy: 4500n, 'electricity-tax': 30n, vat: 951n });
    expect(result.totalMinor).toBe(200n + 4500n + 30n + 951n);
    expect(result.lines.find((line) => line.componentId === 'vat')?.trace.formula).toContain('21% × 45.3');
  });

  it('reject a target that comes after the tax', () => {
    expect(() =>
      buildTariff([
        {
          components: [
            {
              kind: 'tax',
              id: 'vat',
              name: 'VAT',
              rate: { kind: 'percent', percent: '21' },
              appliesTo: { componentIds: ['energy'] },
            },
            flatEnergy('0.15'),
          ],
        },
      ]),
    ).toThrow('versions[0].components[0].appliesTo.componentIds[0]');
  });
});

describe('gas volume conversion', () => {
  it('converts m³ to kWh with correction factor and calorific value', () => {
    const tariff = buildTariff(
      [
        {
          gasConversion: {
            volumeCorrectionFactor: '1.02264',
            calorificValue: '39.5',
            calorificValueUnit: 'MJ/m3',
          },
          components: [flatEnergy('0.05')],
        },
      ],
      { service: 'gas' },
    );
    const usage = {
      kind: 'registers' as const,
      reads: [{ measure: 'volume' as const, quantity: '100', readingIds: ['gas-read'] }],
    };
    const result = rated(
      rateBillPeriod(tariff, { period: period('2024-01-01', '2024-02-01'), usage, settings: eur }),
    );
    const line = result.lines[0];
    // 100 m³ × 1.02264 × 39.5 MJ/m³ ÷ 3.6 MJ/kWh = 1122.063333… kWh
    expect(line?.quantity.toDecimalPlaces(6).toString()).toBe('1122.063333');
    expect(line?.amountMinor).toBe(5610n);
    expect(line?.trace.formula).toContain('volume correction factor 1.02264');
    expect(line?.trace.readingIds).toEqual(['gas-read']);
  });
});

describe('water and sewer', () => {
  const tariff = buildTariff(
    [
      {
        components: [
          {
            kind: 'volume',
            id: 'water',
            name: 'Water',
            unit: 'm3',
            source: { kind: 'metered' },
            tiers: [
              { upTo: '0.5', limitUnit: 'volume/day', price: '1.20' },
              { limitUnit: 'volume/day', price: '2.00' },
            ],
          },
          {
            kind: 'volume',
            id: 'sewer',
            name: 'Sewer (winter average)',
            unit: 'm3',
            source: { kind: 'input', input: 'winterAverageM3', per: 'period' },
            tiers: [{ limitUnit: 'volume', price: '1.50' }],
          },
        ],
      },
    ],
    { service: 'water' },
  );
  const usage = { kind: 'registers' as const, reads: [{ measure: 'volume' as const, quantity: '20' }] };

  it('bills sewer on the winter average and water tiers per day', () => {
    const result = rated(
      rateBillPeriod(tariff, {
        period: period('2024-06-01', '2024-07-01'),
        usage,
        inputs: { winterAverageM3: '12' },
        settings: usd,
      }),
    );
    expect(
      result.lines.map((line) => [line.componentId, line.quantity.toString(), line.amountMinor]),
    ).toEqual([
      ['water', '15', 1800n],
      ['water', '5', 1000n],
      ['sewer', '12', 1800n],
    ]);
  });

  it('is unrated without the winter average', () => {
    const result = rateBillPeriod(tariff, {
      period: period('2024-06-01', '2024-07-01'),
      usage,
      settings: usd,
    });
    expect(result).toMatchObject({ kind: 'unrated', reason: 'MISSING_INPUT' });
  });
});

describe('minimum charges', () => {
  const tariff = buildTariff([
    {
      components: [
        flatEnergy('0.10'),
        { kind: 'minimum', id: 'monthly-minimum', name: 'Monthly minimum', amount: '15', per: 'month' },
        { kind: 'minimum', id: 'annual-minimum', name: 'Annual minimum', amount: '300', per: 'year' },
      ],
    },
  ]);

  it('tops a low month up to the monthly minimum', () => {
    const result = rated(
      rateBillPeriod(tariff, {
        period: period('2024-05-01', '2024-06-01'),
        usage: energyReads('40'),
        settings: usd,
      }),
    );
    expect(result.lines.map((line) => [line.chargeType, line.amountMinor])).toEqual([
      ['energy', 400n],
      ['minimum', 1100n],
    ]);
  });

  it('settles the annual minimum in December with the year to date', () => {
    const request = { period: period('2024-12-01', '2025-01-01'), usage: energyReads('500'), settings: usd };
    expect(rateBillPeriod(tariff, request)).toMatchObject({
      kind: 'unrated',
      reason: 'MISSING_YEAR_TO_DATE',
    });
    const result = rated(rateBillPeriod(tariff, { ...request, annualChargesBeforeMinimum: '200' }));
    expect(result.lines.map((line) => [line.componentId, line.amountMinor])).toEqual([
      ['energy', 5000n],
      ['annual-minimum', 5000n],
    ]);
  });
});
