import { Decimal } from 'decimal.js';

const zero = new Decimal(0);

/** The part of a quantity that falls between a tier's lower and upper limit (undefined = unbounded). */
export function quantityInTier(quantity: Decimal, from: Decimal, to: Decimal | undefined): Decimal {
  const capped = to === undefined ? quantity : Decimal.min(quantity, to);
  return capped.gt(from) ? capped.minus(from) : zero;
}
