import { Decimal } from 'decimal.js';
import type { RoundingMode } from '@open-cis/rating';

/** Rounds an amount counted in minor units to a whole number of them with the company's rounding mode. */
export function roundMinor(amount: Decimal, mode: RoundingMode): bigint {
  const rounding = mode === 'half-up' ? Decimal.ROUND_HALF_UP : Decimal.ROUND_HALF_EVEN;
  return BigInt(amount.toDecimalPlaces(0, rounding).toFixed(0));
}
