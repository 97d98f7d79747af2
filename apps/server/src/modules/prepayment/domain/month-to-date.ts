import { Decimal } from 'decimal.js';
import type { ReceiptLine } from './receipt-line.js';

/**
 * Purchases of a meter in one company-local month, from its vends that were not reversed. The month is
 * its first day ("2026-03-01"). Free basic units do not count in `unitsPurchased`, so they never move a
 * purchase into a higher price block.
 */
export type MonthToDate = {
  vendMonth: string;
  /** Purchased units as a decimal string. */
  unitsPurchased: string;
  /**
   * Minor units each deduction rule collected in the month, by rule code. The code outlives a rule's
   * replacement, so replacing the rules mid-month does not charge a monthly amount twice.
   */
  collectedByRule: ReadonlyMap<string, bigint>;
  freeUnitsIssued: boolean;
};

/** Returns the figures of a month with no vend yet. */
export function emptyMonthToDate(vendMonth: string): MonthToDate {
  return { vendMonth, unitsPurchased: '0', collectedByRule: new Map(), freeUnitsIssued: false };
}

/**
 * Returns the month's figures with one more vend of the same month added: its purchased units (free
 * units do not count), what each deduction rule took, by the rule's code, and whether it carried free
 * units. `ruleCodes` maps each rule id of the vend's lines to its code.
 */
export function addVendToMonthToDate(
  monthToDate: MonthToDate,
  vend: { units: string; freeUnits: string; lines: readonly ReceiptLine[] },
  ruleCodes: ReadonlyMap<string, string>,
): MonthToDate {
  const collectedByRule = new Map(monthToDate.collectedByRule);
  for (const line of vend.lines) {
    if (line.deductionRuleId === null) continue;
    const code = ruleCodes.get(line.deductionRuleId);
    if (code === undefined)
      throw new Error(`Deduction rule ${line.deductionRuleId} of a vend line is missing.`);
    collectedByRule.set(code, (collectedByRule.get(code) ?? 0n) + line.amountMinor);
  }
  return {
    vendMonth: monthToDate.vendMonth,
    unitsPurchased: new Decimal(monthToDate.unitsPurchased).plus(vend.units).toString(),
    collectedByRule,
    freeUnitsIssued: monthToDate.freeUnitsIssued || new Decimal(vend.freeUnits).greaterThan(0),
  };
}
