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

describe('amountToMinor with the display locale', () => {
  it.each([
    ['1.234,56', 'es-ES', '123456'],
    ['99.999.999,99', 'es-ES', '9999999999'],
    ['1.234.567', 'es-ES', '123456700'],
    ['1234,5', 'es-ES', '123450'],
    ['1,234.56', 'en-US', '123456'],
    ['1,234,567', 'en-US', '123456700'],
    ['12.5', 'en-US', '1250'],
  ])('reads %s in %s as %s', (text, locale, minor) => {
    expect(amountToMinor(text, 2, locale)).toBe(minor);
  });

  it.each([
    ['1.500', 'es-ES'],
    ['1.234,567', 'es-ES'],
    ['12.34.56', 'es-ES'],
    ['1,234.56', 'es-ES'],
    ['1.234,56', 'en-US'],
  ])('rejects %s in %s', (text, locale) => {
    expect(amountToMinor(text, 2, locale)).toBeNull();
  });
});
