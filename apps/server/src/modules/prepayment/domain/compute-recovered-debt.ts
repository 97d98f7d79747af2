import type { ReceiptLine } from './receipt-line.js';

/**
 * Computes the debt that a vend recovered: the sum of its debt-recovery lines, which its posting credits to
 * the account's receivable (see buildVendPosting).
 */
export function computeRecoveredDebtMinor(lines: readonly ReceiptLine[]): bigint {
  return lines.reduce((sum, line) => (line.kind === 'debt-recovery' ? sum + line.amountMinor : sum), 0n);
}
