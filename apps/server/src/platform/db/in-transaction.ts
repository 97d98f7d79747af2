import type { DbOrTrx, Trx } from '../context/request-context.js';

/**
 * Runs `work` in a new transaction, or inside the caller's transaction when `db` already is one, so that
 * a use case stays atomic alone and also composes into a larger unit of work (the demo seed).
 */
export function inTransaction<T>(db: DbOrTrx, work: (trx: Trx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Trx);
  return db.transaction().execute(work);
}
