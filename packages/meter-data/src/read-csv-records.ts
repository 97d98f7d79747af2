import { Readable, pipeline } from 'node:stream';

import { CsvError, parse } from 'csv-parse';

import { decodeText } from './decode-text.js';
import { MeterDataError } from './meter-data-error.js';

/** One CSV record with the 1-based line number on which it ends. */
export type CsvRecord = { line: number; fields: string[] };

type ParsedRecord = { info: { lines: number }; record: string[] };

/**
 * Streams the records of a CSV file through csv-parse with backpressure, so memory stays flat for any file
 * size. Empty lines are skipped. A record with too few or too many fields is passed on as it is, because the
 * callers report a missing field by name. A quoting error becomes a MALFORMED_CSV MeterDataError.
 */
export async function* readCsvRecords(source: AsyncIterable<string | Buffer>): AsyncGenerator<CsvRecord> {
  const parser = parse({ info: true, relax_column_count: true, skip_empty_lines: true, bom: true });
  pipeline(Readable.from(decodeText(source)), parser, () => {
    // pipeline destroys the parser with the same error, and the loop below rethrows it.
  });

  try {
    for await (const item of parser as AsyncIterable<ParsedRecord>) {
      yield { line: item.info.lines, fields: item.record };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' ? error.lines : 0;
      throw new MeterDataError({
        code: 'MALFORMED_CSV',
        message: `Invalid CSV near line ${line}: ${error.message}`,
        line,
        column: undefined,
        field: undefined,
        value: undefined,
      });
    }
    throw error;
  } finally {
    parser.destroy();
  }
}
