import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';

import {
  computeRegisterConsumption,
  type MeterSpan,
} from '../../src/modules/readings/domain/compute-register-consumption.js';

function span(startRead: string, endRead: string, dials = 5, multiplier = '1', meterId = 'M-1'): MeterSpan {
  return {
    meterId,
    register: { dials, multiplier: new Decimal(multiplier) },
    startRead: new Decimal(startRead),
    endRead: new Decimal(endRead),
  };
}

describe('computeRegisterConsumption', () => {
  it.each([
    ['plain advance', [span('01200', '01450')], '250', [false]],
    ['zero use', [span('01200', '01200')], '0', [false]],
    ['rollover on five dials', [span('99990', '00020')], '30', [true]],
    ['rollover with multiplier', [span('99990', '00020', 5, '40')], '1200', [true]],
    ['multiplier', [span('100', '112.5', 4, '80')], '1000', [false]],
    ['rollover just under half', [span('60000', '09999')], '49999', [true]],
    [
      'meter exchange',
      [span('04100', '04350', 5, '1', 'OLD'), span('00000', '00120', 6, '1', 'NEW')],
      '370',
      [false, false],
    ],
    [
      'exchange with rollover and multiplier',
      [span('9990', '0010', 4, '1', 'OLD'), span('00005', '00105', 5, '10', 'NEW')],
      '1020',
      [true, false],
    ],
  ])('measures %s', (_name, spans, quantity, rolledOver) => {
    const result = computeRegisterConsumption(spans);
    expect(result.kind).toBe('measured');
    expect(result.kind === 'measured' ? result.quantity.toString() : undefined).toBe(quantity);
    expect(result.spans.map((item) => item.rolledOver)).toEqual(rolledOver);
  });

  it.each([
    ['small step back', [span('01450', '01440')], 'M-1', '10'],
    ['implied use at half capacity', [span('50000', '00000')], 'M-1', '50000'],
    [
      'new meter going back',
      [span('04100', '04350', 5, '1', 'OLD'), span('00500', '00400', 5, '1', 'NEW')],
      'NEW',
      '100',
    ],
  ])('flags %s as backwards', (_name, spans, meterId, dialUnitsBack) => {
    const result = computeRegisterConsumption(spans);
    expect(result.kind).toBe('backwards');
    expect(result.kind === 'backwards' ? result.meterId : undefined).toBe(meterId);
    expect(result.kind === 'backwards' ? result.dialUnitsBack.toString() : undefined).toBe(dialUnitsBack);
  });

  it.each([
    ['read beyond the dials', [span('100000', '100010')], /does not fit its dials/],
    ['negative read', [span('-1', '10')], /does not fit its dials/],
    ['zero multiplier', [span('1', '2', 5, '0')], /multiplier 0/],
    ['fractional dials', [span('1', '2', 4.5)], /4.5 dials/],
    ['no spans', [], /At least one meter span/],
  ])('rejects %s', (_name, spans, message) => {
    expect(() => computeRegisterConsumption(spans)).toThrow(message);
  });
});
