import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';

import { apportionByDays, type DailyQuantity } from '../../src/modules/readings/domain/apportion-by-days.js';

const date = (text: string) => Temporal.PlainDate.from(text);
const range = (start: string, end: string) => ({ start: date(start), end: date(end) });

function daily(start: string, end: string, quantity: (day: Temporal.PlainDate) => string): DailyQuantity[] {
  const days: DailyQuantity[] = [];
  for (let day = date(start); Temporal.PlainDate.compare(day, date(end)) < 0; day = day.add({ days: 1 })) {
    days.push({ date: day, quantity: new Decimal(quantity(day)) });
  }
  return days;
}

describe('apportionByDays', () => {
  it.each([
    [
      'leap February at a tariff change',
      [range('2024-02-01', '2024-02-15'), range('2024-02-15', '2024-03-01')],
      '290',
      ['140', '150'],
      [14, 15],
    ],
    [
      'non-leap February',
      [range('2023-02-01', '2023-02-15'), range('2023-02-15', '2023-03-01')],
      '280',
      ['140', '140'],
      [14, 14],
    ],
    ['a single period', [range('2024-01-01', '2024-02-01')], '123.45', ['123.45'], [31]],
    [
      'zero use',
      [range('2024-01-01', '2024-01-10'), range('2024-01-10', '2024-02-01')],
      '0',
      ['0', '0'],
      [9, 22],
    ],
  ])('splits %s by days', (_name, subPeriods, quantity, expected, days) => {
    const result = apportionByDays({ quantity: new Decimal(quantity), subPeriods });
    expect(result.method).toBe('days');
    expect(result.parts.map((part) => part.quantity.toString())).toEqual(expected);
    expect(result.parts.map((part) => part.days)).toEqual(days);
  });

  it('keeps thirds adding up exactly', () => {
    const subPeriods = [
      range('2024-01-01', '2024-01-02'),
      range('2024-01-02', '2024-01-03'),
      range('2024-01-03', '2024-01-04'),
    ];
    const result = apportionByDays({ quantity: new Decimal(100), subPeriods });
    const total = result.parts.reduce((sum, part) => sum.plus(part.quantity), new Decimal(0));
    expect(total.toString()).toBe('100');
    expect(result.parts[0]?.quantity.toSignificantDigits(6).toString()).toBe('33.3333');
  });

  it('uses interval sums when complete', () => {
    const subPeriods = [range('2024-06-01', '2024-06-11'), range('2024-06-11', '2024-07-01')];
    // 10 days at 1 and 20 days at 4: interval shares 10/90 and 80/90 of the register's 900.
    const intervals = daily('2024-06-01', '2024-07-01', (day) => (day.day < 11 ? '1' : '4'));
    const result = apportionByDays({ quantity: new Decimal(900), subPeriods, dailyIntervals: intervals });
    expect(result.method).toBe('intervals');
    expect(result.parts.map((part) => part.quantity.toString())).toEqual(['100', '800']);
  });

  it('falls back to days on missing intervals', () => {
    const subPeriods = [range('2024-06-01', '2024-06-11'), range('2024-06-11', '2024-07-01')];
    const intervals = daily('2024-06-01', '2024-06-30', () => '1');
    const result = apportionByDays({ quantity: new Decimal(300), subPeriods, dailyIntervals: intervals });
    expect(result.method).toBe('days');
    expect(result.fallbackReason).toBe('INCOMPLETE_INTERVAL_DATA');
    expect(result.parts.map((part) => part.quantity.toString())).toEqual(['100', '200']);
  });

  it('falls back to days on zero intervals', () => {
    const subPeriods = [range('2024-06-01', '2024-06-11'), range('2024-06-11', '2024-07-01')];
    const result = apportionByDays({
      quantity: new Decimal(30),
      subPeriods,
      dailyIntervals: daily('2024-06-01', '2024-07-01', () => '0'),
    });
    expect(result.fallbackReason).toBe('ZERO_INTERVAL_TOTAL');
    expect(result.parts.map((part) => part.quantity.toString())).toEqual(['10', '20']);
  });

  it.each([
    ['a gap', [range('2024-01-01', '2024-01-10'), range('2024-01-11', '2024-02-01')], /must be contiguous/],
    ['an empty sub-period', [range('2024-01-10', '2024-01-10')], /is empty/],
    ['no sub-periods', [], /At least one sub-period/],
  ])('rejects %s', (_name, subPeriods, message) => {
    expect(() => apportionByDays({ quantity: new Decimal(1), subPeriods })).toThrow(message);
  });
});
