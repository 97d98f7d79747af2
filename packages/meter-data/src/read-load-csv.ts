import type { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';

import { MeterDataError, type MeterDataErrorCode } from './meter-data-error.js';
import { parseDecimal } from './parse-decimal.js';
import { readCsvRecords } from './read-csv-records.js';
import { resolveWallClock } from './resolve-wall-clock.js';

/** One interval of a load CSV: average demand `kw` over [start, start + durationSeconds). */
export type LoadCsvRow = {
  line: number;
  start: Temporal.Instant;
  localStart: Temporal.PlainDateTime;
  durationSeconds: number;
  kw: Decimal;
};

export type LoadCsvOptions = {
  /** IANA zone for stamps without an offset, e.g. `America/New_York`; `UTC` reads SAM's standard-time stamps as they are. */
  timeZone: string;
};

type PendingRow = Omit<LoadCsvRow, 'durationSeconds'>;

const HEADER = ['interval_start', 'kw'];
const NANOSECONDS_PER_SECOND = 1_000_000_000n;

/**
 * Streams a load CSV (`interval_start,kw`, one row per interval, in time order, no gaps).
 *
 * Each row's duration is the spacing to the next row, and the last row takes the spacing before it, so a
 * row is yielded only once the row after it has been read. The first spacing fixes the interval length.
 * A later row that leaves a gap, overlaps, or goes back in time raises a MeterDataError naming its line,
 * and so does a bad field.
 */
export async function* readLoadCsv(
  source: AsyncIterable<string | Buffer>,
  options: LoadCsvOptions,
): AsyncGenerator<LoadCsvRow> {
  assertTimeZone(options.timeZone);

  let headerSeen = false;
  let pending: PendingRow | undefined;
  let intervalNs: bigint | undefined;

  for await (const { line, fields } of readCsvRecords(source)) {
    if (!headerSeen) {
      assertHeader(line, fields);
      headerSeen = true;
      continue;
    }

    const row = parseRow(line, fields, options.timeZone, pending?.start);
    if (pending !== undefined) {
      const spacingNs = row.start.epochNanoseconds - pending.start.epochNanoseconds;
      assertSpacing(row, pending, spacingNs, intervalNs);
      intervalNs = spacingNs;
      yield { ...pending, durationSeconds: toSeconds(spacingNs) };
    }
    pending = row;
  }

  if (!headerSeen) {
    throw rowError(
      'INVALID_HEADER',
      1,
      undefined,
      '',
      'The file is empty; expected the header interval_start,kw.',
    );
  }
  if (pending !== undefined) {
    if (intervalNs === undefined) {
      throw rowError(
        'TOO_FEW_ROWS',
        pending.line,
        undefined,
        undefined,
        `Line ${pending.line} is the only data row, so its interval length cannot be derived; at least two rows are required.`,
      );
    }
    yield { ...pending, durationSeconds: toSeconds(intervalNs) };
  }
}

function assertTimeZone(timeZone: string): void {
  try {
    Temporal.Now.zonedDateTimeISO(timeZone);
  } catch {
    throw new RangeError(
      `Unknown time zone "${timeZone}"; use an IANA name such as America/New_York or UTC.`,
    );
  }
}

function assertHeader(line: number, fields: string[]): void {
  const names = fields.map((name) => name.trim().toLowerCase());
  if (names.length !== HEADER.length || names.some((name, index) => name !== HEADER[index])) {
    throw rowError(
      'INVALID_HEADER',
      line,
      undefined,
      fields.join(','),
      `Invalid header on line ${line}: expected "interval_start,kw", found "${fields.join(',')}".`,
    );
  }
}

function parseRow(
  line: number,
  fields: string[],
  timeZone: string,
  previous: Temporal.Instant | undefined,
): PendingRow {
  const [startText, kwText] = fields;
  if (startText === undefined || startText.trim() === '') {
    throw rowError('MISSING_FIELD', line, 1, startText, `Line ${line}: interval_start is missing.`);
  }
  if (kwText === undefined || kwText.trim() === '') {
    throw rowError('MISSING_FIELD', line, 2, kwText, `Line ${line}: kw is missing.`);
  }

  const kw = parseDecimal(kwText);
  if (kw === undefined) {
    throw rowError(
      'INVALID_NUMBER',
      line,
      2,
      kwText,
      `Line ${line}: kw "${kwText}" is not a decimal number.`,
    );
  }

  const resolved = resolveWallClock(startText, timeZone, previous);
  switch (resolved.kind) {
    case 'invalid':
      throw rowError(
        'INVALID_TIMESTAMP',
        line,
        1,
        startText,
        `Line ${line}: interval_start "${startText}" is not a date and time like 2018-01-01T00:00 or 2024-11-03T01:00-04:00.`,
      );
    case 'nonexistent':
      throw rowError(
        'NONEXISTENT_LOCAL_TIME',
        line,
        1,
        startText,
        `Line ${line}: interval_start "${startText}" does not exist in ${timeZone} because the clocks skip it when daylight saving time starts.`,
      );
    case 'resolved':
      return { line, start: resolved.instant, localStart: resolved.localStart, kw };
  }
}

function assertSpacing(
  row: PendingRow,
  previous: PendingRow,
  spacingNs: bigint,
  intervalNs: bigint | undefined,
): void {
  const startText = row.start.toString();
  if (spacingNs <= 0n) {
    throw rowError(
      'OUT_OF_ORDER',
      row.line,
      1,
      startText,
      `Line ${row.line}: interval_start ${startText} is not after line ${previous.line} (${previous.start.toString()}); rows must be in time order.`,
    );
  }
  if (intervalNs === undefined || spacingNs === intervalNs) {
    return;
  }
  const code = spacingNs > intervalNs ? 'INTERVAL_GAP' : 'INTERVAL_OVERLAP';
  const relation = code === 'INTERVAL_GAP' ? 'leaves a gap after' : 'overlaps';
  throw rowError(
    code,
    row.line,
    1,
    startText,
    `Line ${row.line}: interval_start ${startText} ${relation} line ${previous.line}; the interval length is ${toSeconds(intervalNs)} s but this row starts ${toSeconds(spacingNs)} s after it.`,
  );
}

function toSeconds(nanoseconds: bigint): number {
  return Number(nanoseconds) / Number(NANOSECONDS_PER_SECOND);
}

function rowError(
  code: MeterDataErrorCode,
  line: number,
  column: number | undefined,
  value: string | undefined,
  message: string,
): MeterDataError {
  const field = column === undefined ? undefined : HEADER[column - 1];
  return new MeterDataError({ code, message, line, column, field, value });
}
