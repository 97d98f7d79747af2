import { Decimal } from 'decimal.js';
import type { CompiledDemandCharge, CompiledPeriod, CompiledTier } from '../compiled-tariff.js';
import type { LineDraft } from '../bill-line.js';
import { prorationText, seasonOf, show, type SegmentContext } from './segment-context.js';
import { quantityInTier } from './tiers.js';

const zero = new Decimal(0);
/** One mechanical horsepower in kW (745.699872 W). */
const kwPerHorsepower = new Decimal('0.745699872');

/**
 * Prices demand. A TOU demand charge prices the maximum within each period of its schedule. A flat demand
 * charge prices the segment's maximum; when the segment spans months whose rate periods differ, each
 * period's price applies to its share of the segment's days. Demand lines are prorated like fixed charges.
 */
export function priceDemand(component: CompiledDemandCharge, context: SegmentContext): LineDraft[] {
  const toUnit = (kw: Decimal): Decimal => (component.demandUnit === 'hp' ? kw.div(kwPerHorsepower) : kw);
  const lines: LineDraft[] = [];
  if (component.schedule) {
    const peaks = context.usage.peakKwByPeriod(component.schedule, component.windowMinutes);
    for (const periodNumber of [...peaks.keys()].sort((a, b) => a - b)) {
      const period = component.periods.get(periodNumber);
      const peak = peaks.get(periodNumber) ?? zero;
      if (!period || peak.lte(0)) continue;
      const months = context.months.map((entry) => entry.month);
      lines.push(
        ...tierLines(component, context, period, toUnit(peak), { weight: undefined, months, tou: true }),
      );
    }
    return lines;
  }
  const peak = context.usage.peakKw(component.windowMinutes);
  if (peak.lte(0)) return [];
  const daysByPeriod = new Map<number, { days: number; months: number[] }>();
  for (const { month, days } of context.months) {
    const periodNumber = component.periodByMonth[month - 1] ?? 0;
    const group = daysByPeriod.get(periodNumber) ?? { days: 0, months: [] };
    daysByPeriod.set(periodNumber, { days: group.days + days, months: [...group.months, month] });
  }
  for (const [periodNumber, group] of daysByPeriod) {
    const period = component.periods.get(periodNumber);
    if (!period) continue;
    const weight = daysByPeriod.size > 1 ? new Decimal(group.days).div(context.days) : undefined;
    lines.push(
      ...tierLines(component, context, period, toUnit(peak), { weight, months: group.months, tou: false }),
    );
  }
  return lines;
}

function tierLines(
  component: CompiledDemandCharge,
  context: SegmentContext,
  period: CompiledPeriod<CompiledTier>,
  demand: Decimal,
  place: { weight: Decimal | undefined; months: number[]; tou: boolean },
): LineDraft[] {
  const lines: LineDraft[] = [];
  const unit = component.demandUnit;
  const scale = place.weight ? place.weight.mul(context.factor) : context.factor;
  const hpText = unit === 'hp' ? ' (kW ÷ 0.745699872 kW/hp)' : '';
  const weightText = place.weight ? ` × ${show(place.weight)} of the days` : '';
  const windowText = component.windowMinutes ? `, ${component.windowMinutes}-minute demand` : '';
  let from = zero;
  for (const tier of period.tiers) {
    const inTier = quantityInTier(demand, from, tier.upTo);
    if (!inTier.isZero()) {
      const amount = inTier.mul(tier.price).mul(scale);
      const tierText =
        period.tiers.length > 1
          ? `, tier ${tier.index + 1} (${show(from)}–${tier.upTo ? show(tier.upTo) : '∞'} ${unit})`
          : '';
      const periodText = place.tou ? `, TOU period ${period.name ?? period.period}` : '';
      lines.push({
        chargeType: place.tou ? 'demand-tou' : 'demand-flat',
        componentId: component.id,
        componentKind: 'demand',
        name: component.name,
        quantity: inTier,
        unit,
        unitPrice: tier.price,
        amount,
        season: seasonOf(context, place.months),
        touPeriod:
          place.tou || component.periods.size > 1 ? { index: period.period, name: period.name } : undefined,
        tier:
          period.tiers.length > 1
            ? { index: tier.index, from: from.toString(), to: tier.upTo?.toString(), unit }
            : undefined,
        formula:
          `${show(inTier)} ${unit}${hpText} × ${tier.price.toString()} per ${unit}${weightText}${prorationText(context)}` +
          ` = ${show(amount)}${periodText}${tierText}${windowText}`,
      });
    }
    if (tier.upTo === undefined || demand.lte(tier.upTo)) break;
    from = tier.upTo;
  }
  return lines;
}
