import { formatMinorUnits } from '@open-cis/rating';
import { Temporal } from 'temporal-polyfill';
import type { BillWithDetails } from '../../modules/billing/index.js';

/** Renders a bill for the terminal: header, each line with its amount, and under it the line's formula. */
export function formatBill(bill: BillWithDetails, minorUnit: number): string {
  const money = (minor: bigint) => `${formatMinorUnits(minor, minorUnit)} ${bill.currency}`;
  // Periods are half-open [start, end); people read them with the last day included.
  const lastDay = Temporal.PlainDate.from(bill.periodEnd).subtract({ days: 1 });
  const header = [
    `${bill.kind === 'invoice' ? 'Invoice' : 'Credit note'} ${bill.invoiceNumber ?? '(draft)'}  status ${bill.status}${bill.isEstimated ? '  ESTIMATED' : ''}`,
    `Period ${bill.periodStart} to ${lastDay.toString()} (inclusive)  issued ${bill.issueDate ?? '-'}  due ${bill.dueDate ?? '-'}`,
    '',
  ];
  const lines = bill.lines.flatMap((line) => {
    const quantity = line.quantity && line.unit ? `${line.quantity} ${line.unit}` : '';
    const price = line.unitPrice ? ` × ${line.unitPrice}` : '';
    const formula = typeof line.trace.formula === 'string' ? line.trace.formula : '';
    const proration =
      typeof line.trace.prorationFactor === 'string' && line.trace.prorationFactor !== '1'
        ? `  proration ${line.trace.prorationFactor}`
        : '';
    return [
      `${String(line.lineNumber).padStart(3)}  ${line.description.padEnd(40)} ${`${quantity}${price}`.padEnd(32)} ${money(line.amountMinor).padStart(18)}`,
      `     ${formula}${proration}`,
    ];
  });
  return [...header, ...lines, '', `Total ${money(bill.totalMinor).padStart(91)}`].join('\n');
}
