import { invalidInput } from '../../../platform/errors/app-error.js';

const decimalPattern = /^(\d+)(?:\.(\d*))?$/;

/**
 * Parses a decimal amount such as "12.34" into minor units of a currency with `minorUnit` decimals
 * (12.34 EUR → 1234n) without passing through a JS number. More decimals than the currency has, signs,
 * exponents and thousands separators are rejected with an error naming `field`.
 */
export function parseDecimalAmount(text: string, minorUnit: number, field: string): bigint {
  const trimmed = text.trim();
  const match = decimalPattern.exec(trimmed);
  if (!match) {
    throw invalidInput(
      'PAYMENTS.INVALID_AMOUNT',
      `${field} must be a decimal number such as ${exampleAmount(minorUnit)}, got "${text}".`,
      [{ path: field, message: `Expected digits with an optional decimal point, got "${text}".` }],
    );
  }
  const whole = match[1]!;
  const fraction = match[2] ?? '';
  if (fraction.length > minorUnit) {
    throw invalidInput(
      'PAYMENTS.INVALID_AMOUNT',
      `${field} has ${fraction.length} decimals but the currency has ${minorUnit}; round "${text}" to ${minorUnit} decimals.`,
      [{ path: field, message: `Expected at most ${minorUnit} decimals, got "${text}".` }],
    );
  }
  return BigInt(whole + fraction.padEnd(minorUnit, '0'));
}

function exampleAmount(minorUnit: number): string {
  return minorUnit > 0 ? `12.${'5'.repeat(minorUnit)}` : '12';
}
