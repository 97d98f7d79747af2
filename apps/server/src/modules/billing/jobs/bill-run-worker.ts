import type { FastifyBaseLogger } from 'fastify';
import type { RequestContext } from '../../../platform/context/request-context.js';
import type { DatabaseScopes } from '../../../platform/db/database-scopes.js';
import { systemContext } from '../../../platform/context/request-context.js';
import { processBillRun } from '../app/process-bill-run.js';
import type { BillRunOptions } from '../domain/bill-run.js';

/**
 * Runs bill runs in the background of the server process: those started over HTTP, and at start-up those
 * a stopped server left unfinished. Closing stops each run after its current chunk and waits for it, so
 * the database is never closed under a chunk in flight.
 */
export class BillRunWorker {
  readonly #database: DatabaseScopes;
  readonly #log: FastifyBaseLogger;
  readonly #abort = new AbortController();
  readonly #running = new Map<string, Promise<void>>();
  readonly #workers: number;

  constructor(database: DatabaseScopes, log: FastifyBaseLogger, workers = 1) {
    this.#database = database;
    this.#log = log;
    this.#workers = workers;
  }

  /** Processes the run unless this worker is already processing it. */
  start(context: RequestContext, billRunId: string, options: Pick<BillRunOptions, 'issueDate'> = {}): void {
    if (this.#running.has(billRunId) || this.#abort.signal.aborted) return;
    const log = this.#log.child({ billRunId, companyId: context.companyId });
    const work = processBillRun(this.#database.forCompany(context.companyId), context, billRunId, {
      ...options,
      workers: this.#workers,
      signal: this.#abort.signal,
    })
      .then((run) => {
        if (run.status === 'completed') {
          log.info(
            { billsCreated: run.billsCreated, exceptionsCount: run.exceptionsCount },
            'bill run completed',
          );
        } else {
          log.info({ accountsProcessed: run.accountsProcessed }, 'bill run paused for shutdown');
        }
      })
      .catch((error: unknown) =>
        log.error({ err: error }, 'bill run stopped; it resumes at the next start or request'),
      )
      .finally(() => this.#running.delete(billRunId));
    this.#running.set(billRunId, work);
  }

  /** Resumes every run that is open or running, in every company. */
  async resumeUnfinished(): Promise<number> {
    const runs = await this.#database.platform
      .selectFrom('billing.bill_run')
      .select(['company_id', 'id'])
      .where('status', '!=', 'completed')
      .execute();
    for (const run of runs) this.start(systemContext(run.company_id, 'bill-run-worker'), run.id);
    if (runs.length > 0) this.#log.info({ billRuns: runs.length }, 'resuming unfinished bill runs');
    return runs.length;
  }

  async close(): Promise<void> {
    this.#abort.abort();
    await Promise.allSettled(this.#running.values());
  }
}
