import type { Decimal } from 'decimal.js';

/**
 * One interval of load placed on a calendar: the local date and clock hour it starts in, its day type and
 * its demand and energy. `startMinute` counts minutes on a continuous time line (UTC minutes on a real
 * calendar) and aligns demand windows.
 */
export type LoadStep = {
  /** Local start date as year × 10000 + month × 100 + day, so dates compare as integers. */
  dayKey: number;
  month: number;
  hour: number;
  dayType: DayType;
  startMinute: number;
  minutes: number;
  kw: Decimal;
  kwh: Decimal;
  readingId?: string;
};

/** 0 weekday, 1 weekend, 2 holiday. */
export type DayType = 0 | 1 | 2;

export function toDayKey(year: number, month: number, day: number): number {
  return year * 10000 + month * 100 + day;
}

export function periodAt(
  tables: { weekday: Uint8Array; weekend: Uint8Array; holiday: Uint8Array },
  step: LoadStep,
): number {
  const table = step.dayType === 0 ? tables.weekday : step.dayType === 1 ? tables.weekend : tables.holiday;
  return table[(step.month - 1) * 24 + step.hour] ?? 0;
}
