import { sql } from 'kysely';
import type { Trx } from '../context/request-context.js';

/**
 * Inserts many rows in one statement that carries them as a single JSON parameter, expanded on the server
 * by json_populate_recordset. Bulk writes (a bill run's lines, postings, audit and outbox rows) then cost
 * one parameter and one parse whatever the row count, instead of one bind parameter per value. Columns
 * not listed keep their defaults. Values follow the JSON forms PostgreSQL reads back: strings for int8,
 * numeric, uuid and dates; objects for json and jsonb columns.
 */
export async function insertJsonRows(
  trx: Trx,
  table: `${string}.${string}`,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columnList = sql.join(columns.map((column) => sql.ref(column)));
  await sql`
    insert into ${sql.table(table)} (${columnList})
    select ${columnList} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::json)
  `.execute(trx);
}
