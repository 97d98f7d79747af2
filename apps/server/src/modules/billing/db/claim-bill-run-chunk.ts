import { sql } from 'kysely';
import type { Db } from '../../../platform/context/request-context.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { listDueAccounts } from './list-due-accounts.js';

export type ClaimedChunk = { chunkNumber: number };

export type ChunkClaim =
  | { kind: 'chunk'; chunk: ClaimedChunk }
  /** Nothing left to claim; `busy` chunks are still being billed by other workers. */
  | { kind: 'none'; busy: number; completed: boolean };

/**
 * Finds the next chunk of a bill run for a worker: first a claimed chunk that no live transaction holds
 * (its worker died), else a new chunk of the next `chunkSize` accounts after the run's cursor.
 */
export async function claimBillRunChunk(
  db: Db,
  companyId: string,
  billRunId: string,
  chunkSize: number,
): Promise<ChunkClaim> {
  return db.transaction().execute(async (trx) => {
    const abandoned = await trx
      .selectFrom('billing.bill_run_chunk')
      .select('chunk_number')
      .where('company_id', '=', companyId)
      .where('bill_run_id', '=', billRunId)
      .where('status', '=', 'claimed')
      .orderBy('chunk_number')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (abandoned) return { kind: 'chunk', chunk: { chunkNumber: abandoned.chunk_number } };

    const run = await trx
      .selectFrom('billing.bill_run')
      .select(['bill_cycle_id', 'cursor_account_id', 'status'])
      .where('company_id', '=', companyId)
      .where('id', '=', billRunId)
      .forUpdate()
      .executeTakeFirst();
    if (!run) throw notFound('BILLING.BILL_RUN_NOT_FOUND', `Bill run ${billRunId} was not found.`);
    if (run.status === 'completed') return { kind: 'none', busy: 0, completed: true };

    const accounts = await listDueAccounts(
      trx,
      companyId,
      run.bill_cycle_id,
      run.cursor_account_id,
      chunkSize,
    );
    const first = accounts[0];
    const last = accounts.at(-1);
    if (!first || !last) {
      const busy = await sql<{ count: string }>`
        select count(*) as count from billing.bill_run_chunk
        where company_id = ${companyId} and bill_run_id = ${billRunId} and status = 'claimed'
      `.execute(trx);
      return { kind: 'none', busy: Number(busy.rows[0]?.count ?? 0), completed: false };
    }
    const next = await sql<{ chunk_number: number }>`
      select coalesce(max(chunk_number), 0) + 1 as chunk_number from billing.bill_run_chunk
      where company_id = ${companyId} and bill_run_id = ${billRunId}
    `.execute(trx);
    const chunkNumber = next.rows[0]?.chunk_number ?? 1;
    await trx
      .insertInto('billing.bill_run_chunk')
      .values({
        company_id: companyId,
        bill_run_id: billRunId,
        chunk_number: chunkNumber,
        first_account_id: first.id,
        last_account_id: last.id,
        account_count: accounts.length,
      })
      .execute();
    await trx
      .updateTable('billing.bill_run')
      .set({ cursor_account_id: last.id, status: 'running', started_at: sql`coalesce(started_at, now())` })
      .where('company_id', '=', companyId)
      .where('id', '=', billRunId)
      .execute();
    return { kind: 'chunk', chunk: { chunkNumber } };
  });
}
