import { sql, type RawBuilder } from 'kysely';
import type { Trx } from '../context/request-context.js';

/**
 * Runs several writes (INSERT, UPDATE or DELETE statements without RETURNING) as one statement, each in a
 * WITH clause of its own, so they cost one round trip to the server instead of one each. PostgreSQL runs
 * every one to completion. They share one snapshot, so no write reads the rows of another. Constraints are
 * checked at the end of the statement, so a row may reference one that a sibling write inserts.
 */
export async function runWrites(trx: Trx, writes: readonly RawBuilder<unknown>[]): Promise<void> {
  if (writes.length === 0) return;
  if (writes.length === 1) {
    await writes[0]!.execute(trx);
    return;
  }
  const clauses = writes.map((write, index) => sql`${sql.raw(`write_${index}`)} as (${write})`);
  await sql`with ${sql.join(clauses)} select 1`.execute(trx);
}
