import { describe, expect, it } from 'vitest';
import {
  checkPayment,
  defaultThresholdMajor,
  largePaymentThresholdMinor,
  largePaymentThresholdsMajor,
} from '../src/screens/payments/payment-confirmation.js';

describe('largePaymentThresholdMinor', () => {
  it.each([
    ['USD', 2, 1_000_000n],
    ['EUR', 2, 1_000_000n],
    ['JPY', 0, 1_500_000n],
    ['COP', 2, 4_000_000_000n],
    ['KWD', 3, 3_000_000n],
    ['CLF', 4, 2_500_000n],
  ])('gives %s with %i decimals %s minor units', (currency, minorUnit, threshold) => {
    expect(largePaymentThresholdMinor(currency, minorUnit)).toBe(threshold);
  });

  it('scales by the company minor unit', () => {
    // A company may keep a currency with other decimals than ISO 4217 gives it.
    expect(largePaymentThresholdMinor('JPY', 2)).toBe(150_000_000n);
  });

  it.each([
    ['XCD', 2, 1_000_000n],
    ['VUV', 0, 1_000_000n],
    ['LYD', 3, 1_000_000n],
    ['UYW', 4, 1_000_000n],
  ])('gives unlisted %s with %i decimals %s minor units', (currency, minorUnit, threshold) => {
    expect(largePaymentThresholdsMajor[currency]).toBeUndefined();
    expect(largePaymentThresholdMinor(currency, minorUnit)).toBe(threshold);
  });
});

describe('defaultThresholdMajor', () => {
  it.each([
    [0, 1_000_000n],
    [2, 10_000n],
    [3, 1_000n],
    [4, 100n],
  ])('gives %i decimals %s major units', (minorUnit, threshold) => {
    expect(defaultThresholdMajor(minorUnit)).toBe(threshold);
  });
});

describe('largePaymentThresholdsMajor', () => {
  it('keys ISO 4217 codes to positive amounts', () => {
    for (const [currency, threshold] of Object.entries(largePaymentThresholdsMajor)) {
      expect(currency).toMatch(/^[A-Z]{3}$/);
      expect(threshold).toBeGreaterThan(0n);
    }
  });
});

describe('checkPayment', () => {
  const usd = { currency: 'USD', minorUnit: 2 };

  it('accepts a payment up to the balance', () => {
    expect(checkPayment({ ...usd, amountMinor: 12_345n, balanceMinor: 12_345n })).toBeUndefined();
  });

  it('states the excess of an overpayment', () => {
    const check = checkPayment({ ...usd, amountMinor: 15_000n, balanceMinor: 12_345n });
    expect(check?.overpayment).toEqual({ balanceDueMinor: 12_345n, excessMinor: 2_655n });
    expect(check?.largeAmount).toBeUndefined();
  });

  it('counts a credit balance as nothing due', () => {
    const check = checkPayment({ ...usd, amountMinor: 500n, balanceMinor: -2_000n });
    expect(check?.overpayment).toEqual({ balanceDueMinor: 0n, excessMinor: 500n });
  });

  it('skips the overpayment without a balance', () => {
    expect(checkPayment({ ...usd, amountMinor: 500n, balanceMinor: undefined })).toBeUndefined();
  });

  it('flags an amount above the threshold', () => {
    const check = checkPayment({ ...usd, amountMinor: 1_000_001n, balanceMinor: 5_000_000n });
    expect(check?.largeAmount).toEqual({ thresholdMinor: 1_000_000n });
    expect(check?.overpayment).toBeUndefined();
  });

  it('accepts an amount at the threshold', () => {
    expect(checkPayment({ ...usd, amountMinor: 1_000_000n, balanceMinor: 5_000_000n })).toBeUndefined();
  });

  it('reports both reasons together', () => {
    const check = checkPayment({ ...usd, amountMinor: 2_000_000n, balanceMinor: 10_000n });
    expect(check?.largeAmount).toEqual({ thresholdMinor: 1_000_000n });
    expect(check?.overpayment).toEqual({ balanceDueMinor: 10_000n, excessMinor: 1_990_000n });
  });

  it('takes 10,000 yen as an ordinary payment', () => {
    const jpy = { currency: 'JPY', minorUnit: 0 };
    expect(checkPayment({ ...jpy, amountMinor: 10_000n, balanceMinor: 20_000n })).toBeUndefined();
    expect(checkPayment({ ...jpy, amountMinor: 2_000_000n, balanceMinor: 3_000_000n })?.largeAmount).toEqual({
      thresholdMinor: 1_500_000n,
    });
  });

  it('takes 100,000 Colombian pesos as an ordinary payment', () => {
    const cop = { currency: 'COP', minorUnit: 2 };
    expect(checkPayment({ ...cop, amountMinor: 10_000_000n, balanceMinor: 20_000_000n })).toBeUndefined();
  });
});
