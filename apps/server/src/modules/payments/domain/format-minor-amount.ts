/** Formats minor units as a decimal string with the currency's decimals (1234n, 2 → "12.34"; -5n, 2 → "-0.05"). */
export function formatMinorAmount(amountMinor: bigint, minorUnit: number): string {
  const negative = amountMinor < 0n;
  const digits = (negative ? -amountMinor : amountMinor).toString().padStart(minorUnit + 1, '0');
  const whole = digits.slice(0, digits.length - minorUnit);
  const fraction = digits.slice(digits.length - minorUnit);
  return `${negative ? '-' : ''}${whole}${minorUnit > 0 ? `.${fraction}` : ''}`;
}
