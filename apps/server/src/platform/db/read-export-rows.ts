import { ruleViolation } from '../errors/app-error.js';

/** Maximum rows of one CSV export, unless the server is built with another limit. */
export const defaultCsvExportMaxRows = 100_000;

const ROWS_PER_BATCH = 1_000;

/** The queries an export runs for one list, and the id of a row. */
export type ExportSource<Row> = {
  /** The ids of the matching rows in list order, at most `limit` of them. */
  selectIds: (limit: number) => Promise<string[]>;
  /** The rows with these ids, in any order. A row deleted since its id was read is left out. */
  selectRows: (ids: string[]) => Promise<Row[]>;
  idOf: (row: Row) => string;
};

/**
 * Reads the ids of every row a list query matches, then returns the rows a batch at a time in that
 * order. Fixing the ids first means that rows inserted or re-sorted while the export streams neither
 * repeat nor shift others out, without holding a transaction open for the whole download. Throws a
 * rule violation before anything is sent when more than `maxRows` rows match.
 */
export async function readExportRows<Row>(
  source: ExportSource<Row>,
  maxRows: number,
): Promise<AsyncIterable<Row[]>> {
  const ids = await source.selectIds(maxRows + 1);
  if (ids.length > maxRows) {
    const limit = maxRows.toLocaleString('en-US');
    throw ruleViolation(
      'HTTP.EXPORT_TOO_LARGE',
      `The export matches more than ${limit} rows, the maximum for one CSV file: narrow the filters (such as a date range), or read the list page by page with format=json.`,
      [{ path: 'query.format', message: `csv returns at most ${limit} rows, and more match` }],
    );
  }
  return readInBatches(source, ids);
}

async function* readInBatches<Row>(source: ExportSource<Row>, ids: string[]): AsyncGenerator<Row[]> {
  for (let start = 0; start < ids.length; start += ROWS_PER_BATCH) {
    const batchIds = ids.slice(start, start + ROWS_PER_BATCH);
    const rows = await source.selectRows(batchIds);
    const byId = new Map(rows.map((row) => [source.idOf(row), row]));
    yield batchIds.flatMap((id) => {
      const row = byId.get(id);
      return row === undefined ? [] : [row];
    });
  }
}
