import type { Trx } from '../../../platform/context/request-context.js';
import { takeNextNumbers } from '../../companies/index.js';

export type InvoiceSeries = 'invoice' | 'credit-note';

const prefixes: Record<InvoiceSeries, string> = { invoice: 'INV-', 'credit-note': 'CN-' };

/** Takes the next gapless numbers of a company's invoice or credit note series, such as INV-00000042. */
export async function takeInvoiceNumbers(
  trx: Trx,
  companyId: string,
  series: InvoiceSeries,
  count: number,
): Promise<string[]> {
  const numbers = await takeNextNumbers(trx, {
    companyId,
    series,
    prefixIfNew: prefixes[series],
    minDigits: 8,
    count,
  });
  return numbers.map((number) => number.formatted);
}
