import { sql } from 'kysely';
import type { Trx } from '../context/request-context.js';

/** Column type of a bulk insert: the server casts each value from its JSON form to it. */
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
  | 'jsonb';

/**
 * Inserts many rows in one statement that carries them as a single JSON parameter, expanded on the server
 * by json_to_recordset. Bulk writes (a bill run's lines, postings, audit and outbox rows) then cost one
 * parameter and one parse whatever the row count, instead of one bind parameter per value. Columns not
 * listed keep their defaults. Values follow the JSON forms PostgreSQL reads back: strings for bigint,
 * numeric, uuid and dates; any JSON value for a jsonb column.
 *
 * A jsonb value travels as a string inside the array, so the server parses it once. A nested object is
 * printed back to text and parsed again, which made a bill line's insert about twice as slow (measured).
 */
export async function insertJsonRows(
  trx: Trx,
  table: `${string}.${string}`,
  columns: Readonly<Record<string, BulkColumnType>>,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const jsonColumns = names.filter((name) => columns[name] === 'jsonb');
  const payload =
    jsonColumns.length === 0
      ? rows
      : rows.map((row) => {
          const copy: Record<string, unknown> = { ...row };
          for (const name of jsonColumns) {
            const value = row[name];
            copy[name] = value === null || value === undefined ? null : JSON.stringify(value);
          }
          return copy;
        });
  const definitions = sql.join(
    names.map(
      (name) => sql`${sql.ref(name)} ${sql.raw(columns[name] === 'jsonb' ? 'text' : (columns[name] ?? ''))}`,
    ),
  );
  const values = sql.join(
    names.map((name) => (columns[name] === 'jsonb' ? sql`${sql.ref(name)}::jsonb` : sql.ref(name))),
  );
  await sql`
    insert into ${sql.table(table)} (${sql.join(names.map((name) => sql.ref(name)))})
    select ${values} from json_to_recordset(${JSON.stringify(payload)}::json) as row_values (${definitions})
  `.execute(trx);
}
