import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { rateBillPeriod, type ComponentDefinition, type RateBillPeriodResult } from '../src/index.js';
import { buildTariff, date, energyReads, period, usd } from './support/build-tariff.js';

const monthlyFixed: ComponentDefinition = {
  kind: 'fixed',
  id: 'standing',
  name: 'Standing charge',
  amount: '10',
  per: 'month',
};
const dailyFixed: ComponentDefinition = {
  kind: 'fixed',
  id: 'standing',
  name: 'Standing charge',
  amount: '0.5',
  per: 'day',
};

function tieredEnergy(
  limitUnit: 'kWh' | 'kWh/day' | 'kWh/kW' | 'kWh/kW/day',
  upTo: string,
): ComponentDefinition {
  return {
    kind: 'energy',
    id: 'energy',
    name: 'Energy',
    tierBasis: 'bill-total',
    periods: [
      {
        period: 0,
        tiers: [
          { upTo, limitUnit, price: '0.10' },
          { limitUnit, price: '0.20' },
        ],
      },
    ],
  };
}

function rated(result: RateBillPeriodResult) {
  if (result.kind !== 'rated')
    throw new Error(`expected a rated bill, got ${result.reason}: ${result.detail}`);
  return result;
}

function energyQuantities(result: RateBillPeriodResult): string[] {
  return rated(result)
    .lines.filter((line) => line.chargeType === 'energy')
    .map((line) => line.quantity.toDecimalPlaces(6).toString());
}

describe('rateBillPeriod', () => {
  it('total equals the sum of rounded lines', () => {
    const tariff = buildTariff([{ components: [monthlyFixed, tieredEnergy('kWh', '333.333')] }]);
    const result = rated(
      rateBillPeriod(tariff, {
        period: period('2024-01-01', '2024-02-01'),
        usage: energyReads('1000.017'),
        settings: usd,
      }),
    );
    const sum = result.lines.reduce((total, line) => total + line.amountMinor, 0n);
    expect(result.totalMinor).toBe(sum);
    expect(result.total).toBe('176.67');
  });

  it.each([
    ['leap February', '2024-02-01', '2024-03-01', ['290', '10']],
    ['common February', '2023-02-01', '2023-03-01', ['280', '20']],
    ['31-day month', '2023-01-01', '2023-02-01', ['300']],
  ])('kWh/day tier limit × days: %s', (_name, start, end, expected) => {
    const tariff = buildTariff([{ components: [tieredEnergy('kWh/day', '10')] }]);
    expect(
      energyQuantities(
        rateBillPeriod(tariff, { period: period(start, end), usage: energyReads('300'), settings: usd }),
      ),
    ).toEqual(expected);
  });

  it.each([
    ['month end to month end', '2023-01-31', '2023-02-28', 28, '14.00'],
    ['across a leap day', '2024-02-28', '2024-03-02', 3, '1.50'],
    ['a whole leap year', '2024-01-01', '2025-01-01', 366, '183.00'],
  ])('daily fixed charge counts days: %s', (_name, start, end, days, total) => {
    const tariff = buildTariff([{ components: [dailyFixed] }]);
    const result = rated(
      rateBillPeriod(tariff, { period: period(start, end), usage: energyReads('0'), settings: usd }),
    );
    expect(result.lines[0]?.quantity.toNumber()).toBe(days);
    expect(result.total).toBe(total);
  });

  it('zero consumption bills only the fixed charge', () => {
    const tariff = buildTariff([{ components: [monthlyFixed, tieredEnergy('kWh', '100')] }]);
    const result = rated(
      rateBillPeriod(tariff, {
        period: period('2024-01-01', '2024-02-01'),
        usage: energyReads('0'),
        settings: usd,
      }),
    );
    expect(result.lines.map((line) => line.chargeType)).toEqual(['fixed']);
    expect(result.totalMinor).toBe(1000n);
  });

  it('kWh/kW tier limit uses the peak demand', () => {
    const tariff = buildTariff([{ components: [tieredEnergy('kWh/kW', '200')] }]);
    const usage = {
      kind: 'registers' as const,
      reads: [
        { measure: 'energy' as const, quantity: '5000' },
        { measure: 'demand' as const, quantity: '12.5' },
      ],
    };
    const result = rateBillPeriod(tariff, {
      period: period('2024-01-01', '2024-02-01'),
      usage,
      settings: usd,
    });
    expect(energyQuantities(result)).toEqual(['2500', '2500']);
    expect(rated(result).lines[0]?.trace.formula).toContain('200 kWh/kW × 12.5 kW peak');
  });

  it('kWh/kW/day tier limit uses peak × days', () => {
    const tariff = buildTariff([{ components: [tieredEnergy('kWh/kW/day', '2')] }]);
    const usage = {
      kind: 'registers' as const,
      reads: [
        { measure: 'energy' as const, quantity: '1000' },
        { measure: 'demand' as const, quantity: '10' },
      ],
    };
    const result = rateBillPeriod(tariff, {
      period: period('2023-04-01', '2023-05-01'),
      usage,
      settings: usd,
    });
    expect(energyQuantities(result)).toEqual(['600', '400']);
  });

  it('splits a period at a version change by days', () => {
    const tariff = buildTariff([
      { id: 'v2023', effectiveFrom: '2023-01-01', components: [monthlyFixed, tieredEnergy('kWh', '310')] },
      {
        id: 'v2024',
        effectiveFrom: '2024-01-17',
        components: [{ ...monthlyFixed, amount: '12.40' }, tieredEnergy('kWh', '620')],
      },
    ]);
    const result = rated(
      rateBillPeriod(tariff, {
        period: period('2024-01-01', '2024-02-01'),
        usage: energyReads('620'),
        settings: usd,
      }),
    );
    const fixed = result.lines.filter((line) => line.chargeType === 'fixed');
    expect(
      fixed.map((line) => [line.trace.tariffVersionId, line.trace.prorationFactor, line.amountMinor]),
    ).toEqual([
      ['v2023', new Decimal(16).div(31).toString(), 516n],
      ['v2024', new Decimal(15).div(31).toString(), 600n],
    ]);
    // 620 kWh over 31 days: 320 kWh to the first 16 days (tier limit 310 × 16/31 = 160), 300 kWh to the last 15 (limit 300).
    expect(energyQuantities(result)).toEqual(['160', '160', '300']);
    expect(result.lines.map((line) => line.trace.segment.start)).toContain('2024-01-17');
  });

  it('traces an unlimited tier without a limit', () => {
    const tariff = buildTariff([{ components: [monthlyFixed, tieredEnergy('kWh', '310')] }]);
    const result = rated(
      rateBillPeriod(tariff, {
        period: period('2024-01-01', '2024-02-01'),
        service: { start: date('2024-01-22') },
        usage: energyReads('400'),
        settings: usd,
      }),
    );
    const formulas = result.lines
      .filter((line) => line.chargeType === 'energy')
      .map((line) => line.trace.formula);
    expect(formulas).toHaveLength(2);
    expect(formulas[0]).toContain('; limit 310 kWh × proration');
    expect(formulas[1]).toContain('–∞ kWh)');
    expect(formulas[1]).not.toContain('limit');
  });

  it('prorates a mid-period agreement start', () => {
    const tariff = buildTariff([{ components: [monthlyFixed, tieredEnergy('kWh', '310')] }]);
    const result = rated(
      rateBillPeriod(tariff, {
        period: period('2024-01-01', '2024-02-01'),
        service: { start: date('2024-01-22') },
        usage: energyReads('200'),
        settings: usd,
      }),
    );
    expect(result.lines[0]?.amountMinor).toBe(323n);
    expect(result.lines[0]?.trace.segment).toEqual({ start: '2024-01-22', end: '2024-02-01', days: 10 });
    expect(energyQuantities(result)).toEqual(['100', '100']);
  });

  it('prorates an agreement end inside the period', () => {
    const tariff = buildTariff([{ components: [monthlyFixed] }]);
    const result = rated(
      rateBillPeriod(tariff, {
        period: period('2023-02-01', '2023-03-01'),
        service: { end: date('2023-02-08') },
        usage: energyReads('0'),
        settings: usd,
      }),
    );
    expect(result.total).toBe('2.50');
  });

  it.each([
    ['JPY', 0, '1235', 1235n],
    ['KWD', 3, '1234.568', 1234568n],
    ['EUR', 2, '1234.57', 123457n],
  ])('rounds %s to %i decimals', (currency, exponent, total, minor) => {
    const tariff = buildTariff([{ components: [{ ...monthlyFixed, amount: '1234.5678' }] }]);
    const result = rated(
      rateBillPeriod(tariff, {
        period: period('2024-01-01', '2024-02-01'),
        usage: energyReads('0'),
        settings: { ...usd, currency },
      }),
    );
    expect(result.minorUnitExponent).toBe(exponent);
    expect(result.total).toBe(total);
    expect(result.totalMinor).toBe(minor);
  });

  it.each([
    ['half-up', '0.125', 13n],
    ['half-even', '0.125', 12n],
    ['half-even', '0.135', 14n],
    ['half-up', '-0.125', -13n],
  ] as const)('%s rounds %s per line', (rounding, amount, minor) => {
    const tariff = buildTariff([{ components: [{ ...monthlyFixed, amount }] }]);
    const result = rated(
      rateBillPeriod(tariff, {
        period: period('2024-01-01', '2024-02-01'),
        usage: energyReads('0'),
        settings: { ...usd, rounding },
      }),
    );
    expect(result.totalMinor).toBe(minor);
  });

  it('rounds each line before summing', () => {
    const energy: ComponentDefinition = {
      kind: 'energy',
      id: 'energy',
      name: 'Energy',
      tierBasis: 'period-total',
      periods: [
        {
          period: 0,
          tiers: [
            { upTo: '1', limitUnit: 'kWh', price: '0.005' },
            { limitUnit: 'kWh', price: '0.005' },
          ],
        },
      ],
    };
    const result = rated(
      rateBillPeriod(buildTariff([{ components: [energy] }]), {
        period: period('2024-01-01', '2024-02-01'),
        usage: energyReads('2'),
        settings: usd,
      }),
    );
    expect(result.lines.map((line) => line.amountMinor)).toEqual([1n, 1n]);
    expect(result.totalMinor).toBe(2n);
  });
});
