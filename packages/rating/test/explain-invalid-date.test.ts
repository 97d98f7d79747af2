import { describe, expect, it } from 'vitest';
import { explainInvalidDate, parseTariffDefinition } from '../src/index.js';

describe('explainInvalidDate', () => {
  it.each([
    ['2026-02-30', '2026-02-30 is not a valid date: February 2026 has 28 days'],
    ['2024-02-30', '2024-02-30 is not a valid date: February 2024 has 29 days'],
    ['2026-04-31', '2026-04-31 is not a valid date: April 2026 has 30 days'],
    ['2026-13-01', '2026-13-01 is not a valid date: there is no month 13'],
    ['2026-04-00', '2026-04-00 is not a valid date: there is no day 0'],
    ['2026-4-1', '"2026-4-1" is not a date; write it as YYYY-MM-DD'],
    ['soon', '"soon" is not a date; write it as YYYY-MM-DD'],
  ])('explains %s', (text, reason) => {
    expect(explainInvalidDate(text)).toBe(reason);
  });

  it('names the month length in a definition', () => {
    const definition = {
      schemaVersion: 1,
      id: 'flat',
      name: 'Flat',
      service: 'electricity',
      versions: [{ id: 'v1', effectiveFrom: '2026-02-30', schedules: [], components: [] }],
    };
    expect(() => parseTariffDefinition(definition)).toThrow('February 2026 has 28 days');
  });
});
