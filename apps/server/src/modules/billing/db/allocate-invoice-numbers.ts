import type { Trx } from '../../../platform/context/request-context.js';

export type InvoiceSeries = 'INV' | 'CN';

const defaultPrefixes: Record<InvoiceSeries, string> = { INV: 'INV-', CN: 'CN-' };

/**
 * Takes the next `count` numbers of a company's series. The upsert locks the series row until the caller's
 * transaction ends, so concurrent issuers queue, numbers follow commit order, and a rollback returns them:
 * the series stays gapless.
 */
export async function allocateInvoiceNumbers(
  trx: Trx,
  companyId: string,
  series: InvoiceSeries,
  count: number,
): Promise<string[]> {
  if (count === 0) return [];
  const row = await trx
    .insertInto('companies.number_series')
    .values({ company_id: companyId, series, prefix: defaultPrefixes[series], next_value: String(count + 1) })
    .onConflict((conflict) =>
      conflict
        .columns(['company_id', 'series'])
        .doUpdateSet((eb) => ({ next_value: eb('companies.number_series.next_value', '+', String(count)) })),
    )
    .returning(['next_value', 'prefix'])
    .executeTakeFirstOrThrow();
  const first = BigInt(row.next_value) - BigInt(count);
  return Array.from(
    { length: count },
    (_, index) => `${row.prefix}${String(first + BigInt(index)).padStart(8, '0')}`,
  );
}
