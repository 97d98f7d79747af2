import type { OutstandingInvoice } from './open-item.js';

// Numeric collation so that invoice INV-9 sorts before INV-10 even when the numbers are not zero-padded.
const invoiceNumberCollator = new Intl.Collator('en', { numeric: true });

type Ageable = Pick<OutstandingInvoice, 'dueDate' | 'issueDate' | 'invoiceNumber' | 'billId'>;

/**
 * Orders open items oldest first, which is the order payments settle them in: by due date, then issue
 * date, then invoice number, then bill id so that the order is total.
 */
export function compareOpenItems(left: Ageable, right: Ageable): number {
  if (left.dueDate !== right.dueDate) return left.dueDate < right.dueDate ? -1 : 1;
  if (left.issueDate !== right.issueDate) return left.issueDate < right.issueDate ? -1 : 1;
  const byNumber = invoiceNumberCollator.compare(left.invoiceNumber, right.invoiceNumber);
  if (byNumber !== 0) return byNumber;
  if (left.billId === right.billId) return 0;
  return left.billId < right.billId ? -1 : 1;
}
