import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  csvDecimal,
  csvMoney,
  formatCsvCell,
  generateCsv,
  selectCsvColumns,
  type CsvColumn,
} from '../../src/platform/http/csv.js';

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

async function* batchesOf<Row>(...batches: Row[][]): AsyncGenerator<Row[]> {
  for (const batch of batches) yield await Promise.resolve(batch);
}

describe('CSV cells', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['comma, inside', '"comma, inside"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['ñandú €', 'ñandú €'],
  ])('quotes %j as RFC 4180 asks', (value, expected) => {
    expect(formatCsvCell(value)).toBe(expected);
  });

  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+34 600 000 000', "'+34 600 000 000"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['\r=1', `"'\r=1"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['a=b', 'a=b'],
  ])('protects formula text %j', (value, expected) => {
    expect(formatCsvCell(value)).toBe(expected);
  });

  it('writes non-text values unchanged', () => {
    expect(formatCsvCell(-42)).toBe('-42');
    expect(formatCsvCell(-9007199254740993n)).toBe('-9007199254740993');
    expect(formatCsvCell(true)).toBe('true');
    expect(formatCsvCell(null)).toBe('');
    expect(formatCsvCell(undefined)).toBe('');
    expect(formatCsvCell(new Date('2026-03-08T10:00:00.123Z'))).toBe('2026-03-08T10:00:00.123Z');
    expect(formatCsvCell(csvDecimal('-83.500000'))).toBe('-83.500000');
  });

  it('rejects unsafe integer numbers', () => {
    expect(() => formatCsvCell(0.1)).toThrow(/safe integers/);
    expect(() => formatCsvCell(Number.MAX_SAFE_INTEGER + 1)).toThrow(/safe integers/);
  });

  it.each([
    [1234n, 2, '12.34'],
    [-5n, 2, '-0.05'],
    [0n, 2, '0.00'],
    [1234n, 0, '1234'],
    [-1234n, 3, '-1.234'],
    [123456789012345678901n, 2, '1234567890123456789.01'],
  ])('writes %s minor units with %i decimals as %s', (amountMinor, minorUnit, expected) => {
    expect(formatCsvCell(csvMoney(amountMinor), minorUnit)).toBe(expected);
  });

  it('needs the minor unit for money', () => {
    expect(() => formatCsvCell(csvMoney(1n))).toThrow(/currencyMinorUnit/);
  });

  it('rejects a decimal that is not a number', () => {
    expect(() => csvDecimal('=1+1')).toThrow(/decimal numbers/);
    expect(csvDecimal(null)).toBeNull();
  });
});

describe('CSV documents', () => {
  type Row = { name: string; amountMinor: bigint };
  const columns: CsvColumn<Row>[] = [
    { header: 'name', value: (row) => row.name },
    { header: 'amount, EUR', value: (row) => csvMoney(row.amountMinor) },
  ];

  it('writes records csv-parse reads back', async () => {
    const text = await collect(
      generateCsv({
        columns,
        currencyMinorUnit: 2,
        batches: batchesOf(
          [{ name: 'Ada "the first", Countess', amountMinor: 1050n }],
          [],
          [{ name: 'line\nbreak', amountMinor: -1n }],
        ),
      }),
    );
    expect(text).toBe(
      '\uFEFFname,"amount, EUR"\r\n"Ada ""the first"", Countess",10.50\r\n"line\nbreak",-0.01\r\n',
    );
    expect(parse(text, { bom: true })).toEqual([
      ['name', 'amount, EUR'],
      ['Ada "the first", Countess', '10.50'],
      ['line\nbreak', '-0.01'],
    ]);
  });

  it('writes only the header for no rows', async () => {
    const text = await collect(generateCsv({ columns, currencyMinorUnit: 2, batches: batchesOf<Row>() }));
    expect(text).toBe('\uFEFFname,"amount, EUR"\r\n');
  });
});

describe('CSV column selection', () => {
  type Row = { id: string; name: string; city: string };
  const columns: CsvColumn<Row>[] = [
    { header: 'id', value: (row) => row.id },
    { header: 'name', value: (row) => row.name },
    { header: 'city', value: (row) => row.city },
  ];

  it('keeps every column without a request', () => {
    expect(selectCsvColumns(columns, undefined)).toBe(columns);
  });

  it('picks the requested columns in order', () => {
    expect(selectCsvColumns(columns, 'city, id').map((column) => column.header)).toEqual(['city', 'id']);
  });

  it('names an unknown column', () => {
    expect(() => selectCsvColumns(columns, 'id,zip')).toThrow(
      'unknown CSV column "zip": use one or more of id, name, city',
    );
  });

  it('rejects a repeated column', () => {
    expect(() => selectCsvColumns(columns, 'name,name')).toThrow('"name" is named twice');
  });
});
