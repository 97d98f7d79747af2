import { sql } from 'kysely';
import type { Trx } from '../context/request-context.js';
import { newId } from '../ids/new-id.js';

/**
 * Adds a job to a queue in the caller's transaction, so the job exists if and only if the change that
 * asked for it commits. With a dedupe key, a second job for the same key is not added while the first
 * is queued or running. Returns whether a job was added.
 */
export async function enqueueJob(
  trx: Trx,
  companyId: string,
  job: { queue: string; payload: Record<string, unknown>; dedupeKey?: string },
): Promise<boolean> {
  const result = await sql`
    insert into platform.job (company_id, id, queue, payload, dedupe_key)
    values (${companyId}, ${newId()}, ${job.queue}, ${JSON.stringify(job.payload)}::jsonb, ${job.dedupeKey ?? null})
    on conflict (company_id, queue, dedupe_key) where dedupe_key is not null and status in ('queued', 'running')
    do nothing`.execute(trx);
  return Number(result.numAffectedRows ?? 0n) > 0;
}
