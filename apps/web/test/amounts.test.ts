import { describe, expect, it } from 'vitest';
import { amountToMinor, minorToDecimal } from '../src/format/amounts.js';

describe('minorToDecimal', () => {
  it.each([
    ['12345', 2, '123.45'],
    ['-5', 2, '-0.05'],
    ['0', 2, '0.00'],
    ['1234', 3, '1.234'],
    ['1500', 0, '1500'],
    ['123456789012345678901', 2, '1234567890123456789.01'],
  ])('writes %s with %i decimals as %s', (minor, minorUnit, decimal) => {
    expect(minorToDecimal(minor, minorUnit)).toBe(decimal);
  });
});

describe('amountToMinor', () => {
  it.each([
    ['25.50', 2, '2550'],
    ['25,50', 2, '2550'],
    [' 7 ', 2, '700'],
    ['1.234', 3, '1234'],
    ['1500', 0, '1500'],
  ])('reads %s with %i decimals as %s', (text, minorUnit, minor) => {
    expect(amountToMinor(text, minorUnit)).toBe(minor);
  });

  it.each([
    ['abc', 2],
    ['0', 2],
    ['0.00', 2],
    ['-5', 2],
    ['1.234', 2],
    ['1,234.50', 2],
    ['1e3', 2],
    ['', 2],
  ])('rejects %s with %i decimals', (text, minorUnit) => {
    expect(amountToMinor(text, minorUnit)).toBeNull();
  });
});
