import { createHash } from 'node:crypto';
import { CompiledQuery, sql, type RawBuilder } from 'kysely';
import type { Trx } from '../context/request-context.js';

/** Column type of a bulk insert, which decides how a value is written in the COPY text. */
export type BulkColumnType =
  | 'uuid'
  | 'text'
  | 'char(3)'
  | 'integer'
  | 'bigint'
  | 'numeric'
  | 'boolean'
  | 'date'
  | 'timestamptz'
  | 'json'
  | 'jsonb';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ROWS_PER_YIELD = 1000;
/**
 * Maximum number of rows that go in one parameterised INSERT. A payment writes a few rows per table and a batch of vends
 * a few hundred, where the staging table and COPY would cost three round trips in place of one. A bill
 * run's chunk writes thousands, and there COPY's cheaper parsing pays for the two extra trips.
 */
const MAX_ROWS_PER_INSERT = 500;

/**
 * Inserts rows in bulk and returns how many it inserted. Up to MAX_ROWS_PER_INSERT rows go in one INSERT
 * with a text array parameter per column. More go through `COPY ... FROM STDIN`, which the server parses
 * faster than the same rows in parameters (measured). A bill run writes its lines, postings, audit and
 * outbox rows this way, once per table and chunk, and a batch of vends its vends, lines and postings.
 * Columns not listed keep their defaults. Values are strings (bigint and numeric may also be a bigint or a
 * number), booleans, null, or for a json or jsonb column any JSON value.
 *
 * Both database drivers run the COPY statement (enableCopyFromStdin for node-postgres, the PGlite dialect
 * for PGlite), and constraint errors arrive as from any insert.
 *
 * PostgreSQL refuses COPY FROM into a table under row-level security, so the rows go into a temporary
 * staging table first and move on with one INSERT ... SELECT, which the table's policies check.
 */
export async function copyRows(
  trx: Trx,
  table: `${string}.${string}`,
  columns: Readonly<Record<string, BulkColumnType>>,
  rows: readonly Record<string, unknown>[],
): Promise<number> {
  if (rows.length === 0) return 0;
  if (rows.length <= MAX_ROWS_PER_INSERT) return insertRows(trx, table, columns, rows);
  const names = checkedNames(table, columns);
  const jsonColumns = names.map((name) => columns[name] === 'json' || columns[name] === 'jsonb');
  let text = '';
  for (const [rowIndex, row] of rows.entries()) {
    // Writing thousands of rows takes a while. Yielding between batches lets other work on the event loop
    // run, such as another bill run worker's database replies.
    if (rowIndex > 0 && rowIndex % ROWS_PER_YIELD === 0)
      await new Promise((resolve) => setImmediate(resolve));
    for (let index = 0; index < names.length; index++) {
      if (index > 0) text += '\t';
      text += copyField(row[names[index] ?? ''], jsonColumns[index] ?? false);
    }
    text += '\n';
  }
  const list = names.join(', ');
  const stage = `pg_temp.${stagingTableName(table, list)}`;
  // The staging table lives as long as the session, and ON COMMIT DELETE ROWS empties it cheaply at
  // commit. A session switches roles (owner, application), so whichever creates it lets the others use it.
  const name = stage.slice('pg_temp.'.length);
  await trx.executeQuery(
    CompiledQuery.raw(
      `do $$ begin if to_regclass('${stage}') is null then ` +
        `create temp table ${name} on commit delete rows as select ${list} from ${table} with no data; ` +
        `grant select, insert, delete on ${stage} to public; end if; end $$`,
    ),
  );
  await trx.executeQuery(CompiledQuery.raw(`copy ${stage} (${list}) from stdin`, [text]));
  // Deleting what it moves keeps a second call for the same table in this transaction from copying twice.
  const moved = await trx.executeQuery(
    CompiledQuery.raw(
      `with moved as (delete from ${stage} returning ${list}) insert into ${table} (${list}) select ${list} from moved`,
    ),
  );
  return Number(moved.numAffectedRows ?? 0n);
}

async function insertRows(
  trx: Trx,
  table: `${string}.${string}`,
  columns: Readonly<Record<string, BulkColumnType>>,
  rows: readonly Record<string, unknown>[],
): Promise<number> {
  const result = await trx.executeQuery(insertStatement(table, columns, rows).compile(trx));
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * Returns the INSERT of the rows as a statement to run or to embed in a larger one (see runWrites). Each
 * column goes as one text array parameter, which the statement unnests and casts to the column's type.
 * So PostgreSQL parses and plans it in the same time for any number of rows. A VALUES list with one
 * parameter per value costs parsing and planning time per value.
 */
export function insertStatement(
  table: `${string}.${string}`,
  columns: Readonly<Record<string, BulkColumnType>>,
  rows: readonly Record<string, unknown>[],
): RawBuilder<unknown> {
  const names = checkedNames(table, columns);
  const arrays = names.map((name) => {
    const isJson = columns[name] === 'json' || columns[name] === 'jsonb';
    return sql`${rows.map((row) => parameterValue(row[name], isJson))}::text[]`;
  });
  const list = sql.raw(names.join(', '));
  const casts = sql.raw(names.map((name) => `${name}::${columns[name] ?? 'text'}`).join(', '));
  return sql`insert into ${sql.raw(table)} (${list}) select ${casts} from unnest(${sql.join(arrays)}) as u(${list})`;
}

/** Returns the column names, having checked them and the table's name as plain SQL identifiers. */
function checkedNames(table: string, columns: Readonly<Record<string, BulkColumnType>>): string[] {
  const names = Object.keys(columns);
  for (const name of [...table.split('.'), ...names]) {
    if (!IDENTIFIER.test(name))
      throw new Error(`Invalid identifier "${name}" in a bulk insert into ${table}.`);
  }
  return names;
}

function parameterValue(value: unknown, isJson: boolean): string | null {
  if (value === null || value === undefined) return null;
  if (isJson) return JSON.stringify(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  throw new Error(`Cannot write a ${typeof value} value in a bulk insert: give a string, number or boolean.`);
}

/** Names the staging table of a target table and column list, within PostgreSQL's 63-character limit. */
function stagingTableName(table: string, columnList: string): string {
  const digest = createHash('sha256').update(`${table}(${columnList})`).digest('hex').slice(0, 10);
  return `copy_${table.replace('.', '__').slice(0, 40)}_${digest}`;
}

/** Writes one value in COPY's text format: `\N` for null, and backslash escapes for the four special characters. */
function copyField(value: unknown, isJson: boolean): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (isJson) text = JSON.stringify(value);
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'boolean') text = value ? 't' : 'f';
  else if (typeof value === 'number' || typeof value === 'bigint') text = value.toString();
  else if (value instanceof Date) text = value.toISOString();
  else
    throw new Error(
      `Cannot write a ${typeof value} value in a bulk insert: give a string, number or boolean.`,
    );
  return NEEDS_ESCAPE.test(text) ? escapeCopyText(text) : text;
}

function escapeCopyText(text: string): string {
  return text.replace(/[\\\t\n\r]/g, (character) => {
    if (character === '\\') return '\\\\';
    if (character === '\t') return '\\t';
    if (character === '\n') return '\\n';
    return '\\r';
  });
}

/** Matches the statements copyRows sends (into its staging tables), which drivers run as COPY with the one parameter as its data. */
export const COPY_FROM_STDIN = /^copy pg_temp\.[a-z0-9_]+ \([a-z0-9_, ]+\) from stdin$/;
