import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { RequestContext } from '../../../platform/context/request-context.js';
import type { DatabaseScopes } from '../../../platform/db/database-scopes.js';
import { enqueueJob } from '../../../platform/jobs/enqueue-job.js';
import { JobRunner } from '../../../platform/jobs/job-runner.js';
import { processBillRun } from '../app/process-bill-run.js';

export const billRunQueue = 'bill-run';

/**
 * Runs bill runs in the background on the PostgreSQL job queue: those started over HTTP, and at start-up
 * those a stopped server left unfinished. Any server process may take a run's job; a run whose job fails
 * five times stops being retried, and its job keeps the error. Closing stops each run after its current
 * chunk and waits for it, so the database is never closed under a chunk in flight.
 */
export class BillRunWorker {
  readonly #database: DatabaseScopes;
  readonly #log: FastifyBaseLogger;
  readonly #runner: JobRunner;

  constructor(database: DatabaseScopes, log: FastifyBaseLogger, workers = 1) {
    this.#database = database;
    this.#log = log;
    this.#runner = new JobRunner(database, log, billRunQueue, async (db, context, payload, signal) => {
      const billRunId = String(payload.billRunId);
      const issueDate = typeof payload.issueDate === 'string' ? payload.issueDate : undefined;
      const run = await processBillRun(db, context, billRunId, {
        workers,
        signal,
        ...(issueDate ? { issueDate } : {}),
      });
      if (run.status === 'completed') {
        log.info(
          {
            billRunId,
            companyId: context.companyId,
            billsCreated: run.billsCreated,
            exceptionsCount: run.exceptionsCount,
          },
          'bill run completed',
        );
        return 'done';
      }
      log.info({ billRunId, accountsProcessed: run.accountsProcessed }, 'bill run paused for shutdown');
      return 'paused';
    });
  }

  /** Queues the run unless it is queued or running already, and wakes the runner. */
  async start(
    context: RequestContext,
    billRunId: string,
    options: { issueDate?: string } = {},
  ): Promise<void> {
    await this.#database
      .forCompany(context.companyId)
      .transaction()
      .execute((trx) =>
        enqueueJob(trx, context.companyId, {
          queue: billRunQueue,
          payload: { billRunId, ...options },
          dedupeKey: billRunId,
        }),
      );
    this.#runner.poke();
  }

  /** Queues every unfinished run, in every company, that has no job yet; then starts polling the queue. */
  async resumeUnfinished(): Promise<number> {
    const runs = await this.#database.platform
      .selectFrom('billing.bill_run')
      .select(['company_id', 'id'])
      .where('status', '!=', 'completed')
      .execute();
    let queued = 0;
    for (const run of runs) {
      const db = this.#database.forCompany(run.company_id);
      const result = await sql`
        insert into platform.job (company_id, id, queue, payload, dedupe_key)
        select ${run.company_id}, gen_random_uuid(), ${billRunQueue}, jsonb_build_object('billRunId', ${run.id}::text), ${run.id}
        where not exists (select 1 from platform.job where company_id = ${run.company_id}
                          and queue = ${billRunQueue} and dedupe_key = ${run.id})`.execute(db);
      queued += Number(result.numAffectedRows ?? 0n);
    }
    if (queued > 0) this.#log.info({ billRuns: queued }, 'queued unfinished bill runs');
    this.#runner.start();
    return queued;
  }

  close(): Promise<void> {
    return this.#runner.close();
  }
}
