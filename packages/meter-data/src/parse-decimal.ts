import { Decimal } from 'decimal.js';

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a plain decimal number such as `0.40864765644073486` or `-1.5e3` without passing through a JS
 * number. Returns undefined for anything else, including `NaN`, `Infinity`, hex and empty text, which
 * decimal.js itself would accept.
 */
export function parseDecimal(text: string): Decimal | undefined {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? new Decimal(trimmed) : undefined;
}
