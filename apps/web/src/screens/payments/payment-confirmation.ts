/**
 * Large-amount thresholds of a cash desk, in major units of each ISO 4217 currency. A payment above its
 * currency's threshold is unusual at a utility's counter and may be a mistyped amount, so the form
 * requires the cashier to confirm it. Each figure is a round amount near 10,000 US dollars at mid-2025
 * exchange rates. They are estimates for catching typing mistakes, not updated with the rates, and ARS
 * and TRY in particular lose value fast. A currency missing here gets `defaultThresholdMajor`.
 */
export const largePaymentThresholdsMajor: Readonly<Record<string, bigint>> = {
  // The Americas
  USD: 10_000n,
  CAD: 15_000n,
  MXN: 200_000n,
  GTQ: 75_000n,
  HNL: 250_000n,
  NIO: 350_000n,
  CRC: 5_000_000n,
  PAB: 10_000n,
  DOP: 600_000n,
  COP: 40_000_000n,
  PEN: 35_000n,
  BOB: 70_000n,
  BRL: 50_000n,
  CLP: 10_000_000n,
  CLF: 250n,
  ARS: 10_000_000n,
  PYG: 80_000_000n,
  UYU: 400_000n,
  // Europe
  EUR: 10_000n,
  GBP: 7_500n,
  CHF: 8_000n,
  SEK: 100_000n,
  NOK: 100_000n,
  DKK: 65_000n,
  ISK: 1_200_000n,
  PLN: 40_000n,
  CZK: 200_000n,
  HUF: 3_500_000n,
  RON: 45_000n,
  TRY: 400_000n,
  // Africa and the Middle East
  ZAR: 180_000n,
  NGN: 15_000_000n,
  KES: 1_300_000n,
  EGP: 500_000n,
  MAD: 100_000n,
  XOF: 6_000_000n,
  XAF: 6_000_000n,
  AED: 40_000n,
  SAR: 40_000n,
  KWD: 3_000n,
  BHD: 4_000n,
  OMR: 4_000n,
  JOD: 7_000n,
  TND: 30_000n,
  IQD: 13_000_000n,
  // Asia and the Pacific
  JPY: 1_500_000n,
  KRW: 15_000_000n,
  CNY: 70_000n,
  HKD: 80_000n,
  TWD: 300_000n,
  INR: 850_000n,
  IDR: 150_000_000n,
  VND: 250_000_000n,
  PHP: 600_000n,
  THB: 350_000n,
  MYR: 45_000n,
  SGD: 13_000n,
  AUD: 15_000n,
  NZD: 15_000n,
};

/**
 * Returns the threshold, in major units, of a currency missing from the table: one million minor units,
 * so 10,000.00 with 2 decimals, 1,000,000 with none and 1,000.000 with 3. The number of decimals is a
 * rough guide to a unit's value. Currencies without a minor unit (JPY, KRW, CLP) have units worth about a
 * US cent or less, and those with 3 decimals (KWD, BHD, OMR) have units worth more than a US dollar.
 */
export function defaultThresholdMajor(minorUnit: number): bigint {
  return minorUnit >= 6 ? 1n : 10n ** BigInt(6 - minorUnit);
}

/**
 * Returns the large-amount threshold of `currency` in minor units. `minorUnit` is the company's number
 * of decimals for the currency, which the table's major units are scaled by.
 */
export function largePaymentThresholdMinor(currency: string, minorUnit: number): bigint {
  const major = largePaymentThresholdsMajor[currency.toUpperCase()] ?? defaultThresholdMajor(minorUnit);
  return major * 10n ** BigInt(minorUnit);
}

/** Reasons a payment needs the cashier's confirmation, with the amounts the messages show, in minor units. */
export type PaymentCheck = {
  /** Set when the payment is more than the balance due: that balance and the amount above it. */
  overpayment?: { balanceDueMinor: bigint; excessMinor: bigint };
  /** Set when the payment is above the currency's large-amount threshold. */
  largeAmount?: { thresholdMinor: bigint };
};

/**
 * Checks a payment of `amountMinor` before it is posted. `balanceMinor` is the account's balance (positive
 * when the customer owes, negative for a credit), or undefined when the user may not read it, which skips
 * the overpayment check. Returns undefined when nothing needs confirming.
 */
export function checkPayment(input: {
  amountMinor: bigint;
  balanceMinor: bigint | undefined;
  currency: string;
  minorUnit: number;
}): PaymentCheck | undefined {
  const check: PaymentCheck = {};
  if (input.balanceMinor !== undefined) {
    const balanceDueMinor = input.balanceMinor > 0n ? input.balanceMinor : 0n;
    if (input.amountMinor > balanceDueMinor) {
      check.overpayment = { balanceDueMinor, excessMinor: input.amountMinor - balanceDueMinor };
    }
  }
  const thresholdMinor = largePaymentThresholdMinor(input.currency, input.minorUnit);
  if (input.amountMinor > thresholdMinor) check.largeAmount = { thresholdMinor };
  return check.overpayment || check.largeAmount ? check : undefined;
}
