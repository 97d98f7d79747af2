import { Decimal } from 'decimal.js';
import type { CompiledVolumeCharge } from '../compiled-tariff.js';
import type { LineDraft } from '../bill-line.js';
import { MissingUsageError } from '../usage/segment-usage.js';
import { prorationText, show, type SegmentContext } from './segment-context.js';
import { quantityInTier } from './tiers.js';

const zero = new Decimal(0);

/**
 * Prices a water or sewer volume, tiered. The volume is the metered one, or a caller-supplied input such as
 * a winter-average volume, taken per billing period (× proration factor) or per day (× days).
 */
export function priceVolume(component: CompiledVolumeCharge, context: SegmentContext): LineDraft[] {
  const { volume, sourceText } = volumeOf(component, context);
  const lines: LineDraft[] = [];
  let from = zero;
  for (const tier of component.tiers) {
    const to =
      tier.upTo === undefined
        ? undefined
        : tier.limitUnit === 'volume'
          ? tier.upTo.mul(context.factor)
          : tier.upTo.mul(context.days);
    const inTier = volume.isNegative() && tier.index === 0 ? volume : quantityInTier(volume, from, to);
    if (!inTier.isZero()) {
      const amount = inTier.mul(tier.price);
      const tierText =
        component.tiers.length > 1
          ? `, tier ${tier.index + 1} (${show(from)}–${to ? show(to) : '∞'} ${component.unit})`
          : '';
      lines.push({
        chargeType: 'volume',
        componentId: component.id,
        componentKind: 'volume',
        name: component.name,
        quantity: inTier,
        unit: component.unit,
        unitPrice: tier.price,
        amount,
        tier:
          component.tiers.length > 1
            ? { index: tier.index, from: from.toString(), to: to?.toString(), unit: component.unit }
            : undefined,
        formula: `${show(inTier)} ${component.unit} × ${tier.price.toString()} per ${component.unit} = ${show(amount)}${tierText}; ${sourceText}`,
      });
    }
    if (to === undefined || volume.lte(to)) break;
    from = to;
  }
  return lines;
}

function volumeOf(
  component: CompiledVolumeCharge,
  context: SegmentContext,
): { volume: Decimal; sourceText: string } {
  const { source } = component;
  if (source.kind === 'metered') {
    const volume = context.usage.volume();
    if (volume === undefined) {
      throw new MissingUsageError(
        'MISSING_VOLUME',
        `component ${component.id} prices metered volume but no volume read was given`,
      );
    }
    return { volume, sourceText: 'metered volume' };
  }
  const input = context.inputs.get(source.input);
  if (input === undefined) {
    throw new MissingUsageError(
      'MISSING_INPUT',
      `component ${component.id} needs the input quantity ${source.input}`,
    );
  }
  if (source.per === 'day') {
    return {
      volume: input.mul(context.days),
      sourceText: `${source.input} ${input.toString()} per day × ${context.days} days`,
    };
  }
  return {
    volume: input.mul(context.factor),
    sourceText: `${source.input} ${input.toString()} ${component.unit} per period${prorationText(context)}`,
  };
}
