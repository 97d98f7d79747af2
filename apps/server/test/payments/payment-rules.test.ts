import { describe, expect, it } from 'vitest';
import { formatMinorAmount, parseDecimalAmount } from '../../src/modules/payments/index.js';
import { computeRequestHash } from '../../src/modules/payments/domain/compute-request-hash.js';
import { AppError } from '../../src/platform/errors/app-error.js';

describe('parseDecimalAmount', () => {
  it.each([
    ['12.34', 2, 1234n],
    ['12.3', 2, 1230n],
    ['12', 2, 1200n],
    ['12.', 2, 1200n],
    ['0.01', 2, 1n],
    [' 7.50 ', 2, 750n],
    ['1500', 0, 1500n],
    ['1.234', 3, 1234n],
    ['1.2', 3, 1200n],
    ['92233720368547758.07', 2, 9_223_372_036_854_775_807n],
  ] as const)('%s with %i decimals is %s', (text, minorUnit, expected) => {
    expect(parseDecimalAmount(text, minorUnit, '--amount')).toBe(expected);
  });

  it.each([
    ['12.345', 2],
    ['1.5', 0],
    ['-1', 2],
    ['1e3', 2],
    ['1,000.00', 2],
    ['', 2],
    ['.5', 2],
    ['abc', 2],
  ] as const)('rejects %j with %i decimals', (text, minorUnit) => {
    let caught: unknown;
    try {
      parseDecimalAmount(text, minorUnit, '--amount');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).fields.map((field) => field.path)).toEqual(['--amount']);
  });
});

describe('formatMinorAmount', () => {
  it.each([
    [1234n, 2, '12.34'],
    [5n, 2, '0.05'],
    [-5n, 2, '-0.05'],
    [0n, 2, '0.00'],
    [1500n, 0, '1500'],
    [1234n, 3, '1.234'],
    [-1_000_000n, 3, '-1000.000'],
  ] as const)('%s with %i decimals is %s', (amountMinor, minorUnit, expected) => {
    expect(formatMinorAmount(amountMinor, minorUnit)).toBe(expected);
  });
});

describe('computeRequestHash', () => {
  it('ignores key order and notices any change', () => {
    const base = computeRequestHash({ amountMinor: '100', currency: 'EUR', reference: null });

    expect(computeRequestHash({ reference: null, currency: 'EUR', amountMinor: '100' })).toBe(base);
    expect(computeRequestHash({ amountMinor: '101', currency: 'EUR', reference: null })).not.toBe(base);
    expect(computeRequestHash({ amountMinor: '100', currency: 'EUR', reference: '' })).not.toBe(base);
  });
});
