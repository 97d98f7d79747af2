import { newId } from '../../../platform/ids/new-id.js';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { Temporal } from 'temporal-polyfill';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext, Trx } from '../../../platform/context/request-context.js';
import type { RegisterReadKind } from '../../../platform/db/schema.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { findRegisterBySerial, type ReadableRegister } from '../db/find-register.js';
import {
  ImportAborted,
  maxListedProblems,
  type ImportProblem,
  type OnImportError,
} from './interval-import-session.js';
import { getCompanyToday, recordReadOfRegister } from './record-register-read.js';

export type ImportRegisterReadsInput = {
  /** CSV with the header meter_serial,register_code,read_on,value[,kind]; columns in any order. */
  source: AsyncIterable<string | Buffer>;
  onError?: OnImportError;
  /** The company's local date that reads may not be after (YYYY-MM-DD); defaults to today's. Tests set it. */
  today?: string;
};

export type ImportRegisterReadsResult = {
  importId: string;
  status: 'committed' | 'rolled-back';
  readsCreated: number;
  /** Rows identical to a stored read (register, day, kind, value), left as they were. */
  readsAlreadyStored: number;
  readsSuspect: number;
  rowsRejected: number;
  problems: ImportProblem[];
};

const requiredColumns = ['meter_serial', 'register_code', 'read_on', 'value'] as const;
const knownColumns = new Set<string>([...requiredColumns, 'kind']);

type Row = { line: number; cells: Map<string, string> };

/**
 * Imports register reads from CSV in one transaction, each row checked as recordRegisterRead checks a
 * single read (register known, date, value within the dials, backwards reads stored as suspect). Each bad
 * row is reported with its line, field and value, and skipped or the whole import rolled back.
 */
export async function importRegisterReads(
  db: Db,
  context: RequestContext,
  input: ImportRegisterReadsInput,
): Promise<ImportRegisterReadsResult> {
  const importId = newId();
  const onError = input.onError ?? 'abort';
  const today = await getCompanyToday(db, context, input.today);
  try {
    return await db.transaction().execute(async (trx) => {
      const result: ImportRegisterReadsResult = {
        importId,
        status: 'committed',
        readsCreated: 0,
        readsAlreadyStored: 0,
        readsSuspect: 0,
        rowsRejected: 0,
        problems: [],
      };
      const registers = new Map<string, ReadableRegister | undefined>();
      for await (const row of readRows(input.source)) {
        const problem = await importRow(trx, context, { row, today }, registers, result);
        if (!problem) continue;
        if (onError === 'abort') throw new ImportAborted(problem);
        result.rowsRejected += 1;
        if (result.problems.length < maxListedProblems) result.problems.push(problem);
      }
      await recordAudit(trx, context, [
        {
          entityType: 'register-read-import',
          entityId: importId,
          action: 'create',
          changes: { readsCreated: [null, result.readsCreated], rowsRejected: [null, result.rowsRejected] },
        },
      ]);
      return result;
    });
  } catch (error) {
    if (!(error instanceof ImportAborted)) throw error;
    return {
      importId,
      status: 'rolled-back',
      readsCreated: 0,
      readsAlreadyStored: 0,
      readsSuspect: 0,
      rowsRejected: 1,
      problems: [error.problem],
    };
  }
}

async function importRow(
  trx: Trx,
  context: RequestContext,
  { row, today }: { row: Row; today: Temporal.PlainDate },
  registers: Map<string, ReadableRegister | undefined>,
  result: ImportRegisterReadsResult,
): Promise<ImportProblem | undefined> {
  const cell = (column: string) => row.cells.get(column) ?? '';
  const missing = requiredColumns.find((column) => cell(column) === '');
  if (missing)
    return problem(row.line, 'MISSING_FIELD', missing, '', `Line ${row.line}: ${missing} is missing.`);

  const key = `${cell('meter_serial')}\u0000${cell('register_code')}`;
  if (!registers.has(key)) {
    registers.set(
      key,
      await findRegisterBySerial(trx, context.companyId, cell('meter_serial'), cell('register_code')),
    );
  }
  const register = registers.get(key);
  if (!register) {
    return problem(
      row.line,
      'REGISTER_NOT_FOUND',
      'register_code',
      cell('register_code'),
      `Line ${row.line}: meter ${cell('meter_serial')} has no register ${cell('register_code')} in this company.`,
    );
  }

  const fields = { readOn: 'read_on', value: 'value', kind: 'kind', source: 'kind' } as const;
  try {
    const recorded = await recordReadOfRegister(trx, context, register, {
      readOn: cell('read_on'),
      value: cell('value'),
      kind: (cell('kind') || 'actual') as RegisterReadKind,
      source: 'import',
      today,
    });
    if (!recorded.created) result.readsAlreadyStored += 1;
    else result.readsCreated += 1;
    if (recorded.created && recorded.read.status === 'suspect') result.readsSuspect += 1;
    return undefined;
  } catch (error) {
    if (!(error instanceof AppError) || (error.kind !== 'validation' && error.kind !== 'rule-violation'))
      throw error;
    const path = (error.fields[0]?.path ?? 'value') as keyof typeof fields;
    const column = fields[path] ?? 'value';
    return problem(row.line, error.code, column, cell(column), `Line ${row.line}: ${error.message}`);
  }
}

function problem(line: number, code: string, field: string, value: string, message: string): ImportProblem {
  return { code, message, line, column: null, field, value };
}

async function* readRows(source: AsyncIterable<string | Buffer>): AsyncGenerator<Row> {
  const parser = Readable.from(source).pipe(
    parse({ info: true, relax_column_count: true, skip_empty_lines: true, bom: true, trim: true }),
  );
  let header: string[] | undefined;
  try {
    for await (const item of parser as AsyncIterable<{ info: { lines: number }; record: string[] }>) {
      if (!header) {
        header = readHeader(item.record, item.info.lines);
        continue;
      }
      const cells = new Map(header.map((column, index) => [column, item.record[index] ?? '']));
      yield { line: item.info.lines, cells };
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error.lines === 'number' ? error.lines : 0;
    throw new ImportAborted(
      problem(line, 'MALFORMED_CSV', '', '', `Invalid CSV near line ${line}: ${error.message}`),
    );
  }
  if (!header)
    throw new ImportAborted(
      problem(1, 'INVALID_HEADER', '', '', 'The file is empty; expected a header line.'),
    );
}

function readHeader(record: string[], line: number): string[] {
  const header = record.map((name) => name.trim().toLowerCase());
  const unknown = header.find((column) => !knownColumns.has(column));
  const missing = requiredColumns.filter((column) => !header.includes(column));
  if (unknown !== undefined || missing.length > 0) {
    const message = unknown
      ? `Unknown column "${unknown}" in the header on line ${line}; expected ${[...knownColumns].join(', ')}.`
      : `The header on line ${line} is missing the column(s) ${missing.join(', ')}.`;
    throw new ImportAborted(
      problem(line, 'INVALID_HEADER', unknown ?? missing.join(','), record.join(','), message),
    );
  }
  return header;
}
