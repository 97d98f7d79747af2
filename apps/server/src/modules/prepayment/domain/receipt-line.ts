import type { VendLineKind } from '../../../platform/db/schema.js';

export type { VendLineKind };

/** The price block an energy line bought in: its number (from 1) and its range of month-to-date units. */
export type BlockSplit = { number: number; fromUnits: string; toUnits: string | null };

/**
 * One line of a vend receipt: a deduction, the units bought in one price block (kind `energy`, also for
 * water and gas), or the month's free basic units. Amounts are minor units; units and prices are decimal
 * strings, per unit of the meter's credit token.
 */
export type ReceiptLine = {
  kind: VendLineKind;
  deductionRuleId: string | null;
  description: string;
  amountMinor: bigint;
  units: string | null;
  unitPrice: string | null;
  block: BlockSplit | null;
};
