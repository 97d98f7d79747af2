import { Decimal } from 'decimal.js';
import type { RoundingMode } from '@open-cis/rating';
import type { PrepaidService } from './prepaid-service.js';
import type { PriceBlock } from './price-blocks.js';
import type { ReceiptLine } from './receipt-line.js';
import { roundMinor } from './round-minor.js';

export type BlockUnitsInput = {
  energyMinor: bigint;
  minorUnitExponent: number;
  rounding: RoundingMode;
  blocks: readonly PriceBlock[];
  /** Words the lines: Energy for electricity, Water or Gas for the others. */
  service: PrepaidService;
  unit: string;
  /** Units the meter bought earlier in the month: the first purchase of a month starts in block 1. */
  unitsPurchasedBefore: string;
};

const lineLabelOfService: Record<PrepaidService, string> = {
  electricity: 'Energy',
  gas: 'Gas',
  water: 'Water',
};

/** Tenths of a unit: the smallest amount an STS credit token carries. */
const UNIT_DECIMALS = 1;

/**
 * Spends the energy amount on units block by block, starting where the month's earlier purchases ended.
 * A block bought whole costs its units times its price, rounded to minor units. The block where the money
 * runs out takes all that is left, and its units are rounded up to a tenth, as the token's amount field
 * is, so the customer is never credited short. The lines' amounts add up to `energyMinor`.
 */
export function computeBlockUnits(input: BlockUnitsInput): { lines: ReceiptLine[]; units: Decimal } {
  const minorPerMajor = new Decimal(10).pow(input.minorUnitExponent);
  const lines: ReceiptLine[] = [];
  let left = input.energyMinor;
  let reached = new Decimal(input.unitsPurchasedBefore);
  let units = new Decimal(0);

  for (const [index, block] of input.blocks.entries()) {
    if (left <= 0n) break;
    const to = block.toUnits === null ? null : new Decimal(block.toUnits);
    if (to !== null && reached.gte(to)) continue;
    const start = Decimal.max(reached, block.fromUnits);
    const priceMinor = new Decimal(block.price).times(minorPerMajor);
    const available = to === null ? null : to.minus(start);
    const wholeBlockMinor =
      available === null ? null : roundMinor(available.times(priceMinor), input.rounding);

    let bought: Decimal;
    let amount: bigint;
    if (available !== null && wholeBlockMinor !== null && wholeBlockMinor <= left) {
      bought = available;
      amount = wholeBlockMinor;
    } else {
      const affordable = new Decimal(left.toString())
        .div(priceMinor)
        .toDecimalPlaces(UNIT_DECIMALS, Decimal.ROUND_UP);
      bought = available === null ? affordable : Decimal.min(affordable, available);
      amount = left;
    }
    left -= amount;
    reached = start.plus(bought);
    units = units.plus(bought);
    lines.push(energyLine(input, index, block, bought, amount));
  }
  return { lines, units };
}

function energyLine(
  input: BlockUnitsInput,
  index: number,
  block: PriceBlock,
  units: Decimal,
  amountMinor: bigint,
): ReceiptLine {
  const range =
    block.toUnits === null
      ? `from ${block.fromUnits} ${input.unit}`
      : `${block.fromUnits}–${block.toUnits} ${input.unit}`;
  const label = lineLabelOfService[input.service];
  const trace = block.trace === undefined ? '' : `, ${block.trace}`;
  const description =
    input.blocks.length === 1
      ? `${label}${block.trace === undefined ? '' : ` (${block.trace})`}`
      : `${label}, block ${index + 1} (${range}${trace})`;
  return {
    kind: 'energy',
    deductionRuleId: null,
    description,
    amountMinor,
    units: units.toFixed(UNIT_DECIMALS),
    unitPrice: block.price,
    block: { number: index + 1, fromUnits: block.fromUnits, toUnits: block.toUnits },
  };
}
