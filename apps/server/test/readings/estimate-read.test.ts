import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';

import { computeRegisterConsumption } from '../../src/modules/readings/domain/compute-register-consumption.js';
import { computeTrueUp } from '../../src/modules/readings/domain/compute-true-up.js';
import { estimateRead, type EstimateReadInput } from '../../src/modules/readings/domain/estimate-read.js';

const date = (text: string) => Temporal.PlainDate.from(text);

const base: EstimateReadInput = {
  meterId: 'M-1',
  register: { dials: 5, multiplier: new Decimal(1) },
  lastActualRead: { value: new Decimal(1000), readOn: date('2024-01-31') },
  estimateOn: date('2024-03-01'),
  history: [
    { start: date('2023-11-30'), end: date('2023-12-31'), quantity: new Decimal(310) },
    { start: date('2023-12-31'), end: date('2024-01-31'), quantity: new Decimal(372) },
  ],
  fallback: { kind: 'default', dailyQuantity: new Decimal(5) },
};

describe('estimateRead', () => {
  it('uses the average daily history', () => {
    // 682 over 62 days is 11 a day; the leap February has 30 days from Jan 31 to Mar 1.
    const estimate = estimateRead(base);
    expect(estimate.days).toBe(30);
    expect(estimate.value.toString()).toBe('1330');
    expect(estimate.quantity.toString()).toBe('330');
    expect(estimate.basis).toMatchObject({ method: 'history', periods: 2, historyDays: 62 });
    expect(estimate.basis).toMatchObject({ averageDailyQuantity: new Decimal(11) });
  });

  it('rounds down to whole dial units', () => {
    const estimate = estimateRead({ ...base, register: { dials: 5, multiplier: new Decimal(40) } });
    // 330 / 40 = 8.25 dial units, recorded as 8, so 320 is billed.
    expect(estimate.value.toString()).toBe('1008');
    expect(estimate.quantity.toString()).toBe('320');
  });

  it('wraps past the dial capacity', () => {
    const estimate = estimateRead({
      ...base,
      lastActualRead: { value: new Decimal(99900), readOn: date('2024-01-31') },
    });
    expect(estimate.value.toString()).toBe('230');
    const consumption = computeRegisterConsumption([
      { meterId: 'M-1', register: base.register, startRead: new Decimal(99900), endRead: estimate.value },
    ]);
    expect(consumption.kind === 'measured' ? consumption.quantity.toString() : undefined).toBe('330');
  });

  it('uses the default without history', () => {
    const estimate = estimateRead({ ...base, history: [] });
    expect(estimate.quantity.toString()).toBe('150');
    expect(estimate.basis).toEqual({ method: 'default', dailyQuantity: new Decimal(5) });
  });

  it('uses a monthly profile without history', () => {
    const byMonth = Array.from({ length: 12 }, (_, index) => new Decimal(index + 1));
    const estimate = estimateRead({
      ...base,
      history: [],
      fallback: { kind: 'profile', profileName: 'RES-GAS', dailyQuantityByMonth: byMonth },
    });
    // Jan 31 at 1 a day plus 29 February days at 2 a day.
    expect(estimate.quantity.toString()).toBe('59');
    expect(estimate.basis).toEqual({ method: 'profile', profileName: 'RES-GAS' });
  });

  it('estimates zero for zero history', () => {
    const estimate = estimateRead({
      ...base,
      history: [{ start: date('2024-01-01'), end: date('2024-01-31'), quantity: new Decimal(0) }],
    });
    expect(estimate.value.toString()).toBe('1000');
    expect(estimate.quantity.toString()).toBe('0');
  });

  it('rejects an estimate before the last read', () => {
    expect(() => estimateRead({ ...base, estimateOn: date('2024-01-31') })).toThrow(/is not before it/);
  });
});

describe('computeTrueUp', () => {
  it.each([
    ['under-estimated', '700', ['330', '300'], '70'],
    ['over-estimated', '500', ['330', '300'], '-130'],
    ['no estimates', '420', [], '420'],
  ])('trues up %s use', (_name, actual, estimates, adjustment) => {
    const result = computeTrueUp(
      new Decimal(actual),
      estimates.map((quantity) => new Decimal(quantity)),
    );
    expect(result.adjustmentQuantity.toString()).toBe(adjustment);
  });
});
