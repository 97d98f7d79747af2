import { Decimal } from 'decimal.js';

export type TrueUp = {
  kind: 'trueUp';
  /** Measured quantity from the last actual read to the new actual read. */
  actualQuantity: Decimal;
  /** Sum of the estimated quantities already billed in between. */
  estimatedBilledQuantity: Decimal;
  /** Quantity for the next bill: positive for use not yet billed, negative for a credit of over-estimated use. */
  adjustmentQuantity: Decimal;
};

/**
 * Computes the true-up when an actual read follows one or more estimated cycles: the consumption measured
 * since the last actual read minus what the estimates already billed.
 */
export function computeTrueUp(
  actualQuantity: Decimal,
  estimatedBilledQuantities: readonly Decimal[],
): TrueUp {
  const estimatedBilledQuantity = estimatedBilledQuantities.reduce(
    (total, quantity) => total.plus(quantity),
    new Decimal(0),
  );
  return {
    kind: 'trueUp',
    actualQuantity,
    estimatedBilledQuantity,
    adjustmentQuantity: actualQuantity.minus(estimatedBilledQuantity),
  };
}
