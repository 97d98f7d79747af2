import { Decimal } from 'decimal.js';
import type { CompiledEnergyCharge, CompiledEnergyTier } from '../compiled-tariff.js';
import type { LineDraft } from '../bill-line.js';
import { prorationText, seasonOf, show, type SegmentContext } from './segment-context.js';
import { quantityInTier } from './tiers.js';

const zero = new Decimal(0);

/**
 * Prices energy by TOU period and tier. With `bill-total` tiers the limits apply to the segment's total
 * kWh and each period takes its pro-rata share of every tier (share = period kWh ÷ total kWh); with
 * `period-total` tiers each period is tiered on its own kWh. A negative quantity (net export) is credited
 * at the first tier's price.
 */
export function priceEnergy(component: CompiledEnergyCharge, context: SegmentContext): LineDraft[] {
  const total = context.usage.totalKwh();
  if (total.isZero()) return [];
  const byPeriod = component.schedule ? context.usage.kwhByPeriod(component.schedule) : new Map([[0, total]]);
  const lines: LineDraft[] = [];
  const periodNumbers = [...byPeriod.keys()].sort((a, b) => a - b);
  for (const periodNumber of periodNumbers) {
    const kwh = byPeriod.get(periodNumber) ?? zero;
    const period = component.periods.get(periodNumber);
    if (kwh.isZero() || !period) continue;
    const billTotal = component.tierBasis === 'bill-total';
    const basis = billTotal ? total : kwh;
    const isShared = billTotal && !kwh.eq(total);
    const shareText =
      isShared && period.tiers.length > 1 ? ` (period share ${show(kwh)} of ${show(total)} kWh)` : '';
    const place = { periodNumber, periodName: period.name };
    if (basis.isNegative()) {
      const tier = period.tiers[0];
      if (tier) lines.push(energyLine(component, context, tier, kwh, zero, undefined, place, ''));
      continue;
    }
    let from = zero;
    for (const tier of period.tiers) {
      const to = tier.upTo === undefined ? undefined : tierLimit(tier, tier.upTo, context);
      // Multiplying before dividing keeps a period's whole share exact (5 × 24 ÷ 24, not 5 ÷ 24 × 24).
      const inBasis = quantityInTier(basis, from, to);
      const inTier = isShared ? inBasis.mul(kwh).div(total) : inBasis;
      if (!inTier.isZero())
        lines.push(energyLine(component, context, tier, inTier, from, to, place, shareText));
      if (to === undefined || basis.lte(to)) break;
      from = to;
    }
  }
  return lines;
}

/** Turns a tier limit into kWh for this segment; per-period limits are prorated, per-day limits × days. */
function tierLimit(tier: CompiledEnergyTier, upTo: Decimal, context: SegmentContext): Decimal {
  switch (tier.limitUnit) {
    case 'kWh':
      return upTo.mul(context.factor);
    case 'kWh/day':
      return upTo.mul(context.days);
    case 'kWh/kW':
      return upTo.mul(context.usage.peakKw(undefined)).mul(context.factor);
    case 'kWh/kW/day':
      return upTo.mul(context.usage.peakKw(undefined)).mul(context.days);
  }
}

function energyLine(
  component: CompiledEnergyCharge,
  context: SegmentContext,
  tier: CompiledEnergyTier,
  quantity: Decimal,
  from: Decimal,
  to: Decimal | undefined,
  place: { periodNumber: number; periodName: string | undefined },
  shareText: string,
): LineDraft {
  const amount = quantity.mul(tier.price);
  const tierCount = component.periods.get(place.periodNumber)?.tiers.length ?? 1;
  const tierText =
    tierCount > 1
      ? `, tier ${tier.index + 1} (${show(from)}–${to === undefined ? '∞' : show(to)} kWh${limitText(tier, context)})`
      : '';
  const periodText = component.schedule ? `, TOU period ${place.periodName ?? place.periodNumber}` : '';
  const gas =
    context.version.gasConversionText && context.usage.volume()
      ? ` [kWh = ${context.version.gasConversionText}]`
      : '';
  return {
    chargeType: 'energy',
    componentId: component.id,
    componentKind: 'energy',
    name: component.name,
    quantity,
    unit: 'kWh',
    unitPrice: tier.price,
    amount,
    season: seasonOf(
      context,
      context.months.map((entry) => entry.month),
    ),
    touPeriod: component.schedule ? { index: place.periodNumber, name: place.periodName } : undefined,
    tier:
      tierCount > 1
        ? { index: tier.index, from: from.toString(), to: to?.toString(), unit: 'kWh' }
        : undefined,
    formula: `${show(quantity)} kWh × ${tier.price.toString()} per kWh = ${show(amount)}${periodText}${tierText}${shareText}${gas}`,
  };
}

function limitText(tier: CompiledEnergyTier, context: SegmentContext): string {
  // The last tier has no limit to scale, and its range already ends in ∞.
  if (tier.upTo === undefined) return '';
  const upTo = tier.upTo.toString();
  switch (tier.limitUnit) {
    case 'kWh':
      return context.factor.eq(1) ? '' : `; limit ${upTo} kWh${prorationText(context)}`;
    case 'kWh/day':
      return `; limit ${upTo} kWh/day × ${context.days} days`;
    case 'kWh/kW':
      return `; limit ${upTo} kWh/kW × ${show(context.usage.peakKw(undefined))} kW peak${prorationText(context)}`;
    case 'kWh/kW/day':
      return `; limit ${upTo} kWh/kW/day × ${show(context.usage.peakKw(undefined))} kW × ${context.days} days`;
  }
}
