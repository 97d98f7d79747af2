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
