import type { Trx } from '../../../platform/context/request-context.js';

/** Creates the series with the given prefix, starting at 1, unless it exists already. */
export async function insertNumberSeriesIfMissing(
  trx: Trx,
  companyId: string,
  series: string,
  prefix: string,
): Promise<void> {
  await trx
    .insertInto('companies.number_series')
    .values({ company_id: companyId, series, prefix })
    .onConflict((oc) => oc.columns(['company_id', 'series']).doNothing())
    .execute();
}

/**
 * Locks the series row until the caller's transaction ends and returns its next value and prefix. Other
 * transactions that take a number from the same series wait here, so numbers follow commit order.
 */
export async function lockNumberSeries(trx: Trx, companyId: string, series: string) {
  return trx
    .selectFrom('companies.number_series')
    .select(['prefix', 'next_value'])
    .where('company_id', '=', companyId)
    .where('series', '=', series)
    .forUpdate()
    .executeTakeFirst();
}

export async function advanceNumberSeries(
  trx: Trx,
  companyId: string,
  series: string,
  nextValue: bigint,
): Promise<void> {
  await trx
    .updateTable('companies.number_series')
    .set({ next_value: nextValue.toString() })
    .where('company_id', '=', companyId)
    .where('series', '=', series)
    .execute();
}
