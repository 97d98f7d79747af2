import type { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';

import { MeterDataError, type MeterDataErrorCode, type MeterDataProblem } from './meter-data-error.js';
import { parseDecimal } from './parse-decimal.js';
import { readCsvRecords } from './read-csv-records.js';

export type IntervalQuality = 'actual' | 'estimated' | 'substituted' | 'suspect';

/** One interval reading: `value` in `unit` over [start, start + durationSeconds). */
export type IntervalCsvReading = {
  kind: 'reading';
  line: number;
  meterSerial: string;
  channel: string;
  start: Temporal.Instant;
  durationSeconds: number;
  value: Decimal;
  unit: IntervalUnit;
  quality: IntervalQuality;
};

export type IntervalCsvEvent = IntervalCsvReading | ({ kind: 'invalid' } & MeterDataProblem);

export type ReadIntervalCsvOptions = {
  /** `throw` (default) aborts on the first bad row; `report` yields an `invalid` event for it and reads on. */
  onInvalid?: 'throw' | 'report';
};

export type IntervalUnit = (typeof UNITS)[number];

const UNITS = [
  'Wh',
  'kWh',
  'MWh',
  'varh',
  'kvarh',
  'W',
  'kW',
  'm3',
  'ft3',
  'ccf',
  'therm',
  'US gal',
  'L',
] as const;
const QUALITIES: readonly IntervalQuality[] = ['actual', 'estimated', 'substituted', 'suspect'];
const REQUIRED_COLUMNS = ['meter_serial', 'channel', 'interval_start', 'duration_minutes', 'value', 'unit'];
const OPTIONAL_COLUMNS = ['quality'];
const EPOCH_SECONDS = /^-?\d{1,12}$/;
const WHOLE_MINUTES = /^\d{1,6}$/;

type ColumnIndex = Map<string, number>;

class RowProblem extends Error {
  constructor(readonly problem: MeterDataProblem) {
    super(problem.message);
  }
}

/**
 * Streams the generic interval CSV import format that packages/meter-data/README.md documents. The header
 * names the columns in any order. Each bad row raises a MeterDataError naming its line, column and value,
 * or, with `onInvalid: 'report'`, becomes an `invalid` event while the rest of the file is read.
 */
export async function* readIntervalCsv(
  source: AsyncIterable<string | Buffer>,
  options: ReadIntervalCsvOptions = {},
): AsyncGenerator<IntervalCsvEvent> {
  const onInvalid = options.onInvalid ?? 'throw';
  let columns: ColumnIndex | undefined;

  for await (const { line, fields } of readCsvRecords(source)) {
    if (columns === undefined) {
      columns = readHeader(line, fields);
      continue;
    }
    try {
      yield parseRow(line, fields, columns);
    } catch (error) {
      if (!(error instanceof RowProblem)) {
        throw error;
      }
      if (onInvalid === 'throw') {
        throw new MeterDataError(error.problem);
      }
      yield { kind: 'invalid', ...error.problem };
    }
  }

  if (columns === undefined) {
    throw new MeterDataError(
      problem(
        'INVALID_HEADER',
        1,
        undefined,
        undefined,
        undefined,
        'The file is empty; expected a header line.',
      ),
    );
  }
}

function readHeader(line: number, fields: string[]): ColumnIndex {
  const columns: ColumnIndex = new Map();
  const isLoadProfile = fields.map((name) => name.trim().toLowerCase()).join(',') === 'interval_start,kw';
  fields.forEach((name, index) => {
    const column = name.trim().toLowerCase();
    if (!REQUIRED_COLUMNS.includes(column) && !OPTIONAL_COLUMNS.includes(column)) {
      // interval_start,kw is the load profile that readLoadCsv reads (the --load file of `cis rate`).
      const hint = isLoadProfile
        ? ' The header interval_start,kw is a load profile, the format of `cis rate --load`, not an interval CSV.'
        : '';
      throw new MeterDataError(
        problem(
          'INVALID_HEADER',
          line,
          index + 1,
          column,
          name,
          `Unknown column "${name}" in the header on line ${line}; expected the columns ${REQUIRED_COLUMNS.join(',')} and optionally ${OPTIONAL_COLUMNS.join(',')}.${hint}`,
        ),
      );
    }
    if (columns.has(column)) {
      throw new MeterDataError(
        problem(
          'INVALID_HEADER',
          line,
          index + 1,
          column,
          name,
          `Column "${column}" appears twice in the header on line ${line}.`,
        ),
      );
    }
    columns.set(column, index);
  });

  const missing = REQUIRED_COLUMNS.filter((column) => !columns.has(column));
  if (missing.length > 0) {
    throw new MeterDataError(
      problem(
        'INVALID_HEADER',
        line,
        undefined,
        undefined,
        fields.join(','),
        `The header on line ${line} is missing the column(s) ${missing.join(', ')}.`,
      ),
    );
  }
  return columns;
}

function parseRow(line: number, fields: string[], columns: ColumnIndex): IntervalCsvReading {
  const read = (column: string): { text: string; ordinal: number } => {
    const index = columns.get(column);
    if (index === undefined) {
      return { text: '', ordinal: 0 };
    }
    return { text: (fields[index] ?? '').trim(), ordinal: index + 1 };
  };
  const required = (column: string): { text: string; ordinal: number } => {
    const cell = read(column);
    if (cell.text === '') {
      throw new RowProblem(
        problem('MISSING_FIELD', line, cell.ordinal, column, '', `Line ${line}: ${column} is missing.`),
      );
    }
    return cell;
  };
  const invalid = (
    code: MeterDataErrorCode,
    column: string,
    cell: { text: string; ordinal: number },
    expected: string,
  ) =>
    new RowProblem(
      problem(
        code,
        line,
        cell.ordinal,
        column,
        cell.text,
        `Line ${line}: ${column} "${cell.text}" is invalid; expected ${expected}.`,
      ),
    );

  const meterSerial = required('meter_serial').text;
  const channel = required('channel').text;

  const startCell = required('interval_start');
  const start = parseStart(startCell.text);
  if (start === undefined) {
    throw invalid(
      'INVALID_TIMESTAMP',
      'interval_start',
      startCell,
      'UTC epoch seconds or ISO 8601 with an offset, such as 2024-03-10T07:00Z',
    );
  }

  const durationCell = required('duration_minutes');
  const minutes = WHOLE_MINUTES.test(durationCell.text) ? Number(durationCell.text) : 0;
  if (minutes <= 0) {
    throw invalid(
      'INVALID_NUMBER',
      'duration_minutes',
      durationCell,
      'a whole number of minutes greater than 0',
    );
  }

  const valueCell = required('value');
  const value = parseDecimal(valueCell.text);
  if (value === undefined) {
    throw invalid('INVALID_NUMBER', 'value', valueCell, 'a decimal number such as 1.25');
  }

  const unitCell = required('unit');
  const unit = UNITS.find((name) => name === unitCell.text);
  if (unit === undefined) {
    throw invalid('INVALID_UNIT', 'unit', unitCell, `one of ${UNITS.join(', ')}`);
  }

  const qualityCell = read('quality');
  const quality =
    qualityCell.text === '' ? 'actual' : QUALITIES.find((name) => name === qualityCell.text.toLowerCase());
  if (quality === undefined) {
    throw invalid('INVALID_QUALITY', 'quality', qualityCell, `empty or one of ${QUALITIES.join(', ')}`);
  }

  return {
    kind: 'reading',
    line,
    meterSerial,
    channel,
    start,
    durationSeconds: minutes * 60,
    value,
    unit,
    quality,
  };
}

function parseStart(text: string): Temporal.Instant | undefined {
  if (EPOCH_SECONDS.test(text)) {
    return Temporal.Instant.fromEpochMilliseconds(Number(text) * 1000);
  }
  try {
    return Temporal.Instant.from(text);
  } catch (error) {
    if (error instanceof RangeError) {
      return undefined;
    }
    throw error;
  }
}

function problem(
  code: MeterDataErrorCode,
  line: number,
  column: number | undefined,
  field: string | undefined,
  value: string | undefined,
  message: string,
): MeterDataProblem {
  return { code, message, line, column, field, value };
}
