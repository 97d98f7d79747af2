import { Readable } from 'node:stream';
import { formatMinorUnits } from '@open-cis/rating';
import type { FastifyReply } from 'fastify';
import { invalidInput } from '../errors/app-error.js';

/** An amount in minor units of the company's currency, written as a decimal string such as -12.30. */
export type CsvMoney = { kind: 'money'; amountMinor: bigint };

/** A decimal number kept as text, such as a NUMERIC column or a coordinate, written as it is. */
export type CsvDecimal = { kind: 'decimal'; text: string };

/**
 * A cell value. Strings are text and get formula protection. Numbers, bigints, booleans, dates, decimals
 * and money are written as values, and null and undefined as empty cells.
 */
export type CsvValue = string | number | bigint | boolean | Date | CsvMoney | CsvDecimal | null | undefined;

export type CsvColumn<Row> = { header: string; value: (row: Row) => CsvValue };

export type CsvOptions<Row> = {
  /** The download's file name, such as `payments.csv`: letters, digits, dots, hyphens and underscores. */
  fileName: string;
  columns: readonly CsvColumn<Row>[];
  /** The rows, in file order, a batch at a time. */
  batches: AsyncIterable<readonly Row[]>;
  /** ISO 4217 exponent of the company's currency, which money columns need. */
  currencyMinorUnit?: number;
};

export function csvMoney(amountMinor: bigint): CsvMoney {
  return { kind: 'money', amountMinor };
}

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/** Wraps a decimal string for a cell. Null and undefined stay empty cells. */
export function csvDecimal(text: string | null | undefined): CsvDecimal | null {
  if (text === null || text === undefined) return null;
  if (!DECIMAL_PATTERN.test(text)) throw new Error(`CSV decimal cells take decimal numbers, got "${text}".`);
  return { kind: 'decimal', text };
}

// Spreadsheets read a cell that starts with one of these as a formula, which a crafted customer name
// could use to run commands or leak data (CSV injection). Text cells that start so get a leading
// apostrophe, which makes the spreadsheet treat the cell as text.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Formats one cell: formula protection for text, then RFC 4180 quoting when the text needs it. */
export function formatCsvCell(value: CsvValue, currencyMinorUnit?: number): string {
  return quoteCsvField(cellText(value, currencyMinorUnit));
}

function cellText(value: CsvValue, currencyMinorUnit: number | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return FORMULA_START.test(value) ? `'${value}` : value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`CSV number cells take safe integers, got ${value}.`);
    return String(value);
  }
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value.kind === 'decimal') return value.text;
  if (currencyMinorUnit === undefined) {
    throw new Error('A CSV money column needs the currencyMinorUnit of the company.');
  }
  return formatMinorUnits(value.amountMinor, currencyMinorUnit);
}

function quoteCsvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Formats one record: cells joined by commas and ended by CRLF, as RFC 4180 writes them. */
export function formatCsvRecord(cells: readonly string[]): string {
  return `${cells.join(',')}\r\n`;
}

// Excel on Windows reads a CSV file without a byte order mark in the system's ANSI code page, so every
// non-ASCII letter comes out garbled. With the mark it reads UTF-8. Parsers that know BOMs skip it.
const UTF8_BOM = '\uFEFF';

/** Yields the byte order mark and the header record, then the records of each batch as one string. */
export async function* generateCsv<Row>(options: Omit<CsvOptions<Row>, 'fileName'>): AsyncGenerator<string> {
  const { columns, currencyMinorUnit } = options;
  yield UTF8_BOM + formatCsvRecord(columns.map((column) => quoteCsvField(column.header)));
  for await (const batch of options.batches) {
    if (batch.length === 0) continue;
    yield batch
      .map((row) =>
        formatCsvRecord(columns.map((column) => formatCsvCell(column.value(row), currencyMinorUnit))),
      )
      .join('');
  }
}

/**
 * Picks the columns named in a list's `columns` query parameter (comma-separated headers), in that order.
 * Without the parameter every column is kept. An unknown or repeated name is a validation error that names
 * it and lists the route's columns.
 */
export function selectCsvColumns<Row>(
  columns: readonly CsvColumn<Row>[],
  requested: string | undefined,
): readonly CsvColumn<Row>[] {
  if (requested === undefined) return columns;
  const byHeader = new Map(columns.map((column) => [column.header, column]));
  const known = columns.map((column) => column.header).join(', ');
  const selected: CsvColumn<Row>[] = [];
  for (const name of requested.split(',').map((part) => part.trim())) {
    const column = byHeader.get(name);
    if (!column) {
      throw invalidCsvColumns(
        `unknown CSV column "${name}": use one or more of ${known}, separated by commas`,
      );
    }
    if (selected.includes(column)) {
      throw invalidCsvColumns(`CSV column "${name}" is named twice: name each column once`);
    }
    selected.push(column);
  }
  return selected;
}

function invalidCsvColumns(message: string) {
  return invalidInput('HTTP.INVALID_CSV_COLUMNS', `The columns parameter is invalid: ${message}.`, [
    { path: 'query.columns', message },
  ]);
}

/**
 * Streams rows to the client as a CSV download (UTF-8 with a byte order mark, header row, CRLF line
 * ends), with the columns the request's `columns` parameter selects. Rows are read from `batches` only as
 * fast as the client takes them.
 */
export function sendCsv<Row>(reply: FastifyReply, options: CsvOptions<Row>): FastifyReply {
  if (!/^[\w.-]+$/.test(options.fileName)) throw new Error(`Invalid CSV file name "${options.fileName}".`);
  // Every list route's query schema (listQuerySchema) declares `columns`, so the routes need not pass it on.
  const { columns: requested } = (reply.request.query ?? {}) as { columns?: string };
  const columns = selectCsvColumns(options.columns, requested);
  return reply
    .type('text/csv; charset=utf-8; header=present')
    .header('content-disposition', `attachment; filename="${options.fileName}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(generateCsv({ ...options, columns })));
}
