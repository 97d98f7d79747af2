import { Decimal } from 'decimal.js';
import type { CompiledFixedCharge } from '../compiled-tariff.js';
import type { LineDraft } from '../bill-line.js';
import { prorationText, show, type SegmentContext } from './segment-context.js';

/** SAM bills a $/day charge as 365/12 days in every month. */
const samDaysPerMonth = new Decimal(365).div(12);

/**
 * Prices a fixed charge: per day × the segment's days, per month × the proration factor, per year ÷ 12 ×
 * the proration factor (one twelfth per monthly billing period).
 */
export function priceFixed(component: CompiledFixedCharge, context: SegmentContext): LineDraft {
  const sam = context.conventions === 'sam';
  let quantity: Decimal;
  let formula: string;
  switch (component.per) {
    case 'day':
      quantity = sam ? samDaysPerMonth : new Decimal(context.days);
      formula = sam
        ? `${component.amount.toString()} per day × 365/12 days`
        : `${component.amount.toString()} per day × ${context.days} days`;
      break;
    case 'month':
      quantity = context.factor;
      formula = `${component.amount.toString()} per month${prorationText(context)}`;
      break;
    case 'year':
      quantity = context.factor.div(12);
      formula = `${component.amount.toString()} per year ÷ 12${prorationText(context)}`;
      break;
  }
  const amount = component.amount.mul(quantity);
  return {
    chargeType: 'fixed',
    componentId: component.id,
    componentKind: 'fixed',
    name: component.name,
    quantity,
    unit: component.per === 'day' ? 'day' : 'month',
    unitPrice: component.per === 'year' ? component.amount.div(12) : component.amount,
    amount,
    formula: `${formula} = ${show(amount)}`,
  };
}
