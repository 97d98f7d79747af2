import { Decimal } from 'decimal.js';

export type RoundingMode = 'half-up' | 'half-even';

/**
 * ISO 4217 minor-unit exponents that differ from 2, for active codes. Any other code uses 2, and a caller
 * can override the exponent through the company's settings.
 * NOTE: typed in from the ISO 4217 list; no test compares it with the published table.
 */
const nonDefaultExponents: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** Returns the number of decimals of a currency's minor unit (ISO 4217 exponent). */
export function minorUnitExponent(currency: string): number {
  if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError(`invalid ISO 4217 currency code: ${currency}`);
  return nonDefaultExponents[currency] ?? 2;
}

/** Rounds an amount to whole minor units with the given mode and returns the count of minor units. */
export function roundToMinorUnits(amount: Decimal, exponent: number, mode: RoundingMode): bigint {
  return BigInt(roundToMinorUnit(amount, exponent, mode).toFixed(exponent).replace('.', ''));
}

/** Rounds an amount to the currency's minor unit and keeps it in major units ("12.345" → "12.35"). */
export function roundToMinorUnit(amount: Decimal, exponent: number, mode: RoundingMode): Decimal {
  return amount.toDecimalPlaces(
    exponent,
    mode === 'half-up' ? Decimal.ROUND_HALF_UP : Decimal.ROUND_HALF_EVEN,
  );
}

/** Formats a count of minor units as a decimal string in major units ("1234" with exponent 2 → "12.34"). */
export function formatMinorUnits(amountMinor: bigint, exponent: number): string {
  const negative = amountMinor < 0n;
  const digits = (negative ? -amountMinor : amountMinor).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
