import { Decimal } from 'decimal.js';
import type { BillLine, LineDraft, LineTrace } from './bill-line.js';
import type { CompiledMinimumCharge, CompiledTax } from './compiled-tariff.js';
import { priceDemand } from './charges/price-demand.js';
import { priceEnergy } from './charges/price-energy.js';
import { priceFixed } from './charges/price-fixed.js';
import { priceVolume } from './charges/price-volume.js';
import { prorationText, show, type SegmentContext } from './charges/segment-context.js';
import { roundToMinorUnit, roundToMinorUnits, type RoundingMode } from './currency-rounding.js';

/** Settlement rule: each line rounded to the currency's minor unit, or kept exact for the SAM comparison. */
export type Settlement = { exponent: number; rounding: RoundingMode | 'none' };

/** Identifies a segment in the traces of its lines. */
export type SegmentTraceBase = { start: string; end: string };

/** Prices the fixed, energy, demand and volume components of one segment, then its monthly minimum. */
export function rateSegmentCharges(
  context: SegmentContext,
  settlement: Settlement,
  base: SegmentTraceBase,
): BillLine[] {
  const drafts: LineDraft[] = [];
  for (const component of context.version.components) {
    switch (component.kind) {
      case 'fixed':
        drafts.push(priceFixed(component, context));
        break;
      case 'energy':
        drafts.push(...priceEnergy(component, context));
        break;
      case 'demand':
        drafts.push(...priceDemand(component, context));
        break;
      case 'volume':
        drafts.push(...priceVolume(component, context));
        break;
      case 'minimum':
      case 'tax':
        break;
    }
  }
  const lines = drafts.map((draft) => settleLine(draft, context, settlement, base));
  for (const component of context.version.components) {
    if (component.kind !== 'minimum' || component.per !== 'month') continue;
    const topUp = minimumTopUp(component, component.amount.mul(context.factor), lines, settlement);
    if (topUp)
      lines.push(
        settleLine({ ...topUp, formula: topUp.formula + prorationText(context) }, context, settlement, base),
      );
  }
  return lines;
}

/** Prices the taxes and levies of one segment on its already settled lines, in component order. */
export function rateSegmentTaxes(
  context: SegmentContext,
  chargeLines: readonly BillLine[],
  settlement: Settlement,
  base: SegmentTraceBase,
): BillLine[] {
  const lines = [...chargeLines];
  const taxLines: BillLine[] = [];
  for (const component of context.version.components) {
    if (component.kind !== 'tax') continue;
    const draft = priceTax(component, lines, settlement);
    if (!draft) continue;
    const line = settleLine(draft, context, settlement, base);
    lines.push(line);
    taxLines.push(line);
  }
  return taxLines;
}

/** Computes the top-up from the charges to a minimum; returns undefined when the charges reach it. */
export function minimumTopUp(
  component: CompiledMinimumCharge,
  minimum: Decimal,
  lines: readonly BillLine[],
  settlement: Settlement,
): LineDraft | undefined {
  const charged = lines
    .filter((line) => line.chargeType !== 'tax' && line.chargeType !== 'minimum')
    .reduce((sum, line) => sum.plus(settledAmount(line, settlement)), new Decimal(0));
  if (charged.gte(minimum)) return undefined;
  const topUp = minimum.minus(charged);
  return {
    chargeType: 'minimum',
    componentId: component.id,
    componentKind: 'minimum',
    name: component.name,
    quantity: new Decimal(1),
    unit: component.per,
    unitPrice: topUp,
    amount: topUp,
    formula: `minimum ${show(minimum)} − charges ${show(charged)} = ${show(topUp)} (per ${component.per})`,
  };
}

function priceTax(
  tax: CompiledTax,
  lines: readonly BillLine[],
  settlement: Settlement,
): LineDraft | undefined {
  const chosen = lines.filter(
    (line) => tax.componentIds.has(line.componentId) || tax.kinds.has(line.trace.componentKind),
  );
  if (chosen.length === 0) return undefined;
  const names = [...new Set(chosen.map((line) => line.componentId))].join(', ');
  if (tax.rate.kind === 'percent') {
    const taxBase = chosen.reduce((sum, line) => sum.plus(settledAmount(line, settlement)), new Decimal(0));
    const amount = taxBase.mul(tax.rate.fraction);
    return {
      chargeType: 'tax',
      componentId: tax.id,
      componentKind: 'tax',
      name: tax.name,
      quantity: taxBase,
      unit: 'amount',
      unitPrice: tax.rate.fraction,
      amount,
      formula: `${tax.rate.percent.toString()}% × ${show(taxBase)} (lines of ${names}) = ${show(amount)}`,
    };
  }
  const { unit, price } = tax.rate;
  const quantity = chosen
    .filter((line) => line.unit === unit)
    .reduce((sum, line) => sum.plus(line.quantity), new Decimal(0));
  const amount = quantity.mul(price);
  return {
    chargeType: 'tax',
    componentId: tax.id,
    componentKind: 'tax',
    name: tax.name,
    quantity,
    unit,
    unitPrice: price,
    amount,
    formula: `${show(quantity)} ${unit} (lines of ${names}) × ${price.toString()} per ${unit} = ${show(amount)}`,
  };
}

/** Returns the amount a line adds to the bill: rounded, or exact when the settlement rounds nothing. */
export function settledAmount(line: BillLine, settlement: Settlement): Decimal {
  if (settlement.rounding === 'none') return line.amount;
  return roundToMinorUnit(line.amount, settlement.exponent, settlement.rounding);
}

export function settleLine(
  draft: LineDraft,
  context: SegmentContext,
  settlement: Settlement,
  base: SegmentTraceBase,
): BillLine {
  const trace: LineTrace = {
    tariffVersionId: context.version.id,
    effectiveFrom: context.version.effectiveFrom.toString(),
    componentId: draft.componentId,
    componentKind: draft.componentKind,
    segment: { start: base.start, end: base.end, days: context.days },
    prorationFactor: context.factor.toString(),
    season: draft.season,
    touPeriod: draft.touPeriod,
    tier: draft.tier,
    readingIds: context.usage.readingIds,
    formula: draft.formula,
  };
  return {
    chargeType: draft.chargeType,
    componentId: draft.componentId,
    name: draft.name,
    quantity: draft.quantity,
    unit: draft.unit,
    unitPrice: draft.unitPrice,
    amount: draft.amount,
    amountMinor: roundToMinorUnits(
      draft.amount,
      settlement.exponent,
      settlement.rounding === 'none' ? 'half-up' : settlement.rounding,
    ),
    trace,
  };
}
