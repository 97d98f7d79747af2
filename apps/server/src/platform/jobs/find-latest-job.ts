import type { DbOrTrx } from '../context/request-context.js';

/** The state of a job as callers see it: whether it waits, runs, ended well or failed, and why. */
export type JobState = {
  status: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  lastError: string | null;
};

/** Finds the newest job of a queue with the given dedupe key, or undefined when there is none. */
export async function findLatestJob(
  db: DbOrTrx,
  companyId: string,
  queue: string,
  dedupeKey: string,
): Promise<JobState | undefined> {
  const row = await db
    .selectFrom('platform.job')
    .select(['status', 'attempts', 'last_error'])
    .where('company_id', '=', companyId)
    .where('queue', '=', queue)
    .where('dedupe_key', '=', dedupeKey)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && { status: row.status, attempts: row.attempts, lastError: row.last_error };
}
