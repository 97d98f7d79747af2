import type { Trx } from '../../../platform/context/request-context.js';

/**
 * Advances a series by `count` and returns its new next value and prefix, creating the series (from 1,
 * with `prefixIfNew`) on first use. The upsert locks the series row until the caller's transaction ends,
 * so other transactions that take numbers from the same series wait: numbers follow commit order.
 */
export async function advanceNumberSeriesBy(
  trx: Trx,
  companyId: string,
  series: string,
  prefixIfNew: string,
  count: number,
): Promise<{ next_value: string; prefix: string }> {
  return trx
    .insertInto('companies.number_series')
    .values({ company_id: companyId, series, prefix: prefixIfNew, next_value: String(count + 1) })
    .onConflict((conflict) =>
      conflict
        .columns(['company_id', 'series'])
        .doUpdateSet((eb) => ({ next_value: eb('companies.number_series.next_value', '+', String(count)) })),
    )
    .returning(['next_value', 'prefix'])
    .executeTakeFirstOrThrow();
}
