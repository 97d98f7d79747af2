import type { Trx } from '../../../platform/context/request-context.js';
import { invalidInput } from '../../../platform/errors/app-error.js';
import {
  advanceNumberSeries,
  insertNumberSeriesIfMissing,
  lockNumberSeries,
} from '../db/number-series-store.js';

export type TakeNextNumberInput = {
  companyId: string;
  /** Series name, such as `invoice` or `credit-note`. */
  series: string;
  /** Prefix used only when this call creates the series; an existing series keeps its own prefix. */
  prefixIfNew?: string;
  /** Minimum digits of the formatted number, padded with zeros (default 6: INV-000042). */
  minDigits?: number;
};

export type TakenNumber = { value: bigint; formatted: string };

const SERIES_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Takes the next gapless number of a company's series inside the caller's transaction. The series row
 * stays locked until that transaction ends, so concurrent callers get consecutive numbers in commit
 * order, and a rollback gives the number back. Keep the transaction short: every other issuer of the
 * same series waits for it.
 */
export async function takeNextNumber(trx: Trx, input: TakeNextNumberInput): Promise<TakenNumber> {
  if (!SERIES_PATTERN.test(input.series)) {
    throw invalidInput('COMPANIES.INVALID_NUMBER_SERIES', `Invalid number series name "${input.series}".`, [
      {
        path: 'series',
        message: 'Use 1 to 40 lowercase letters, digits or hyphens, starting with a letter.',
      },
    ]);
  }
  let row = await lockNumberSeries(trx, input.companyId, input.series);
  if (!row) {
    await insertNumberSeriesIfMissing(trx, input.companyId, input.series, input.prefixIfNew ?? '');
    row = await lockNumberSeries(trx, input.companyId, input.series);
  }
  if (!row) throw new Error(`Number series ${input.series} is missing right after it was created.`);

  const value = BigInt(row.next_value);
  await advanceNumberSeries(trx, input.companyId, input.series, value + 1n);
  const digits = value.toString().padStart(input.minDigits ?? 6, '0');
  return { value, formatted: `${row.prefix}${digits}` };
}
