/**
 * Ranges of the 16-bit amount field of credit and power-limit tokens. The field is a 2-bit exponent e (bits
 * 15 and 14) and a 14-bit mantissa m, and carries m × 10^e plus an offset that makes the ranges follow each
 * other. They run from 0 to 16383 in steps of 1, 16384 to 180214 in steps of 10, 180224 to 1818524 in steps
 * of 100 and 1818624 to 18201624 in steps of 1000.
 */
const ranges = [
  { offset: 0n, step: 1n },
  { offset: 16384n, step: 10n },
  { offset: 180224n, step: 100n },
  { offset: 1818624n, step: 1000n },
] as const;

const maxMantissa = 16383n;

/** The largest value the amount field can carry (field ffff). */
export const maxAmountFieldValue = ranges[3].offset + maxMantissa * ranges[3].step;

/** An encoded amount: the field, and the value the meter credits (the request rounded up). */
export type EncodedAmount = { field: number; exponent: number; mantissa: number; encodedValue: bigint };

/**
 * Encodes a value (tenths of a kWh or m³, or watts) with the smallest exponent whose range contains it, rounding the
 * mantissa up so that the customer receives at least what was paid for. A value between two ranges goes to
 * the first value of the next range. Returns undefined for a negative value or one above 18201624.
 */
export function encodeAmountField(value: bigint): EncodedAmount | undefined {
  if (value < 0n || value > maxAmountFieldValue) return undefined;
  for (let exponent = 0; exponent < ranges.length; exponent++) {
    const { offset, step } = ranges[exponent]!;
    const rangeEnd = offset + maxMantissa * step;
    if (value > rangeEnd) continue;
    const above = value - offset;
    const mantissa = above <= 0n ? 0n : (above + step - 1n) / step;
    return {
      field: (exponent << 14) | Number(mantissa),
      exponent,
      mantissa: Number(mantissa),
      encodedValue: offset + mantissa * step,
    };
  }
  return undefined;
}

/** Decodes a 16-bit amount field to the value a meter credits. */
export function decodeAmountField(field: number): bigint {
  const { offset, step } = ranges[(field >>> 14) & 3]!;
  return offset + BigInt(field & 0x3fff) * step;
}

/** Writes a count of tenths as a decimal with one decimal place, such as "-0.5". */
export function formatTenths(tenths: bigint): string {
  const sign = tenths < 0n ? '-' : '';
  const magnitude = tenths < 0n ? -tenths : tenths;
  return `${sign}${magnitude / 10n}.${magnitude % 10n}`;
}
