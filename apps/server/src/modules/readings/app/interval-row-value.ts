import type { Decimal } from 'decimal.js';

/**
 * Writes a normalized reading value as the decimal text readings.interval_reading.value (numeric(20, 6))
 * stores exactly, or returns undefined when the column would round it or cannot hold it.
 */
export function toStoredIntervalValue(value: Decimal): string | undefined {
  if (!value.isFinite() || value.decimalPlaces() > 6) return undefined;
  const text = value.toFixed();
  const wholeDigits = text.replace('-', '').split('.')[0]?.length ?? 0;
  return wholeDigits > 14 ? undefined : text;
}
