import { Decimal } from 'decimal.js';
import type { RoundingMode } from '@open-cis/rating';
import type { DeductionRule } from './deduction-rule.js';
import type { ReceiptLine } from './receipt-line.js';
import { roundMinor } from './round-minor.js';

export type DeductionInput = {
  tenderedMinor: bigint;
  rounding: RoundingMode;
  /** Rules that apply to this vend's channel, in position order. */
  rules: readonly DeductionRule[];
  /** Minor units each rule has collected from this meter in the vend's month, by rule code. */
  collectedByRule: ReadonlyMap<string, bigint>;
  /** Debt of the account before this vend, in minor units; zero or less leaves nothing to recover. */
  debtMinor: bigint;
};

/**
 * Computes the deduction lines of a purchase and the amount left for energy. Each rule takes what its
 * method gives, capped per vend, per month, by the amount left and, for debt recovery, by the debt. So the
 * deductions never exceed the amount tendered. A rule that takes nothing adds no line.
 */
export function computeDeductions(input: DeductionInput): { lines: ReceiptLine[]; remainingMinor: bigint } {
  const lines: ReceiptLine[] = [];
  let remaining = input.tenderedMinor;
  for (const rule of input.rules) {
    const collected = input.collectedByRule.get(rule.code) ?? 0n;
    const caps = [remaining, rule.maxPerVendMinor, monthLeft(rule.maxPerMonthMinor, collected)];
    if (rule.kind === 'debt-recovery') caps.push(input.debtMinor > 0n ? input.debtMinor : 0n);
    if (rule.kind === 'fixed-charge') caps.push(monthLeft(rule.amountMinor, collected));
    const amount = minimum(computeRuleAmount(rule, input, remaining), caps);
    if (amount <= 0n) continue;
    remaining -= amount;
    lines.push({
      kind: rule.kind,
      deductionRuleId: rule.id,
      description: rule.name,
      amountMinor: amount,
      units: null,
      unitPrice: null,
      block: null,
    });
  }
  return { lines, remainingMinor: remaining };
}

function computeRuleAmount(rule: DeductionRule, input: DeductionInput, remaining: bigint): bigint {
  switch (rule.method) {
    case 'fixed':
    case 'monthly':
      return rule.amountMinor ?? 0n;
    case 'percent':
      return roundMinor(
        new Decimal(input.tenderedMinor.toString()).times(rule.percent ?? 0).div(100),
        input.rounding,
      );
    case 'included-percent': {
      // The amount left includes the tax: tax = left × p / (100 + p), so left − tax = left / (1 + p/100).
      const percent = new Decimal(rule.percent ?? 0);
      return roundMinor(
        new Decimal(remaining.toString()).times(percent).div(percent.plus(100)),
        input.rounding,
      );
    }
  }
}

function monthLeft(limit: bigint | null, collected: bigint): bigint | null {
  if (limit === null) return null;
  return limit > collected ? limit - collected : 0n;
}

function minimum(value: bigint, caps: (bigint | null)[]): bigint {
  return caps.reduce<bigint>((smallest, cap) => (cap !== null && cap < smallest ? cap : smallest), value);
}
