import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { addMonths, daysBetween } from '../../src/modules/billing/domain/civil-date.js';
import { planRatingParts } from '../../src/modules/billing/domain/plan-rating-parts.js';

const monthly = { isFirstBill: false, finalOn: null, cyclePeriodMonths: 1 };

describe('planRatingParts', () => {
  it('rates a read period near one cycle as it is', () => {
    const parts = planRatingParts({ ...monthly, start: '2026-01-03', end: '2026-02-01' });

    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({
      start: '2026-01-03',
      end: '2026-02-01',
      period: { start: '2026-01-03', end: '2026-02-01' },
    });
    expect(parts[0]?.service).toBeUndefined();
  });

  it('prorates a first bill over its cycle period', () => {
    const [part] = planRatingParts({ ...monthly, isFirstBill: true, start: '2026-01-16', end: '2026-02-01' });

    expect(part?.period).toEqual({ start: '2026-01-01', end: '2026-02-01' });
    expect(part?.service).toEqual({ start: '2026-01-16', end: '2026-02-01' });
  });

  it('prorates a final bill over a cycle from its start', () => {
    const [part] = planRatingParts({
      ...monthly,
      finalOn: '2026-03-11',
      start: '2026-03-01',
      end: '2026-03-11',
    });

    expect(part?.period).toEqual({ start: '2026-03-01', end: '2026-04-01' });
    expect(part?.service).toEqual({ start: '2026-03-01', end: '2026-03-11' });
  });

  it('splits a long period into months counted back from its end', () => {
    const parts = planRatingParts({ ...monthly, isFirstBill: true, start: '2025-11-10', end: '2026-02-01' });

    expect(parts.map((part) => [part.start, part.end, part.service?.start ?? null])).toEqual([
      ['2025-11-10', '2025-12-01', '2025-11-10'],
      ['2025-12-01', '2026-01-01', null],
      ['2026-01-01', '2026-02-01', null],
    ]);
    expect(parts.map((part) => part.share.times(83).toDecimalPlaces(6).toString())).toEqual([
      '21',
      '31',
      '31',
    ]);
  });

  it('keeps a leap day in its month', () => {
    const parts = planRatingParts({ ...monthly, start: '2028-01-01', end: '2028-04-01' });

    expect(parts.map((part) => part.start)).toEqual(['2028-01-01', '2028-02-01', '2028-03-01']);
    expect(parts[1]?.share.times(91).toString()).toBe('29');
  });
});

describe('civil date arithmetic', () => {
  it('matches Temporal across month ends and leap years', () => {
    const dates = [
      '2024-01-31',
      '2024-02-29',
      '2025-02-28',
      '2025-12-31',
      '2000-02-29',
      '1900-03-01',
      '2026-07-15',
    ];
    for (const date of dates) {
      for (const months of [-25, -12, -1, 1, 2, 13]) {
        expect(addMonths(date, months)).toBe(Temporal.PlainDate.from(date).add({ months }).toString());
      }
      for (const other of dates) {
        expect(daysBetween(date, other)).toBe(Temporal.PlainDate.from(date).until(other).days);
      }
    }
  });
});

describe('planRatingParts for short periods', () => {
  it('prorates a short regular period', () => {
    const [part] = planRatingParts({
      isFirstBill: false,
      finalOn: null,
      cyclePeriodMonths: 1,
      start: '2026-02-01',
      end: '2026-02-10',
    });

    expect(part?.period).toEqual({ start: '2026-01-10', end: '2026-02-10' });
    expect(part?.service).toEqual({ start: '2026-02-01', end: '2026-02-10' });
  });
});
