import type { Trx } from '../../../platform/context/request-context.js';
import { invalidInput } from '../../../platform/errors/app-error.js';
import { advanceNumberSeriesBy } from '../db/number-series-store.js';

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
  const [taken] = await takeNextNumbers(trx, { ...input, count: 1 });
  if (!taken) throw new Error(`Number series ${input.series} gave no number.`);
  return taken;
}

/**
 * Takes the next `count` numbers of a series at once, in one statement: the upsert creates the series on
 * first use and locks its row until the caller's transaction ends, with the same gapless guarantee as
 * takeNextNumber. A bill run numbers a whole chunk of bills this way.
 */
export async function takeNextNumbers(
  trx: Trx,
  input: TakeNextNumberInput & { count: number },
): Promise<TakenNumber[]> {
  if (!SERIES_PATTERN.test(input.series)) {
    throw invalidInput('COMPANIES.INVALID_NUMBER_SERIES', `Invalid number series name "${input.series}".`, [
      {
        path: 'series',
        message: 'Use 1 to 40 lowercase letters, digits or hyphens, starting with a letter.',
      },
    ]);
  }
  if (!Number.isInteger(input.count) || input.count < 0) {
    throw new RangeError(
      `Cannot take ${input.count} numbers: the count must be a whole number of 0 or more.`,
    );
  }
  if (input.count === 0) return [];
  const row = await advanceNumberSeriesBy(
    trx,
    input.companyId,
    input.series,
    input.prefixIfNew ?? '',
    input.count,
  );
  const first = BigInt(row.next_value) - BigInt(input.count);
  return Array.from({ length: input.count }, (_, index) => {
    const value = first + BigInt(index);
    return { value, formatted: `${row.prefix}${value.toString().padStart(input.minDigits ?? 6, '0')}` };
  });
}
