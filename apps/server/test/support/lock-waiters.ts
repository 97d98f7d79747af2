import { sql } from 'kysely';
import type { Db } from '../../src/platform/context/request-context.js';

/**
 * Waits until `count` sessions of the database wait for a lock, for at most 10 s. A test that holds a row
 * lock calls it to know that the transactions it started have reached that row and queue behind it.
 */
export async function waitForLockWaiters(db: Db, count: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const waiting = await sql<{ count: number }>`
      select count(*)::int as count from pg_stat_activity
       where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
    if (waiting.rows[0]!.count >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Fewer than ${count} sessions waited for a lock within 10 s.`);
}
