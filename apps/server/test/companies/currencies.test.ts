import { describe, expect, it } from 'vitest';
import { findCurrencyMinorUnit } from '../../src/modules/companies/index.js';

describe('ISO 4217 minor units', () => {
  const cases: [string, number | undefined][] = [
    ['EUR', 2],
    ['USD', 2],
    ['GBP', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['CLP', 0],
    ['ISK', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['IQD', 3],
    ['TND', 3],
    ['CLF', 4],
    ['UYW', 4],
    ['COP', 2],
    ['HUF', 2],
    ['XCG', 2],
    ['ZWG', 2],
    ['XAU', undefined],
    ['EUX', undefined],
    ['eur', undefined],
  ];
  it.each(cases)('%s has %s decimals', (currency, expected) => {
    expect(findCurrencyMinorUnit(currency)).toBe(expected);
  });
});
