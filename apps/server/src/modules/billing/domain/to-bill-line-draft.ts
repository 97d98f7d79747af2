import type { BillLine } from '@open-cis/rating';
import type { BillLineDraft } from './bill-draft.js';
import { ledgerAccountOfCharge } from './ledger-account-of-charge.js';

/**
 * Converts a line of the rating engine into a bill line: decimals become text, the line gets the ledger
 * account it posts to, and its trace keeps the amount before rounding.
 */
export function toBillLineDraft(line: BillLine, lineNumber: number, segmentId: string | null): BillLineDraft {
  return {
    lineNumber,
    segmentId,
    componentKind: line.chargeType,
    description: line.name,
    quantity: line.quantity.toString(),
    unit: line.unit,
    unitPrice: line.unitPrice.toString(),
    amountMinor: line.amountMinor,
    ledgerAccount: ledgerAccountOfCharge(line.chargeType),
    trace: { ...line.trace, unroundedAmount: line.amount.toString() },
  };
}
