import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import { systemContext, type Db, type RequestContext } from '../context/request-context.js';
import type { DatabaseScopes } from '../db/database-scopes.js';

/** The outcome a job handler reports: done, or paused because the server is stopping (then it runs again). */
export type JobOutcome = 'done' | 'paused';

export type JobHandler = (
  db: Db,
  context: RequestContext,
  payload: Record<string, unknown>,
  signal: AbortSignal,
) => Promise<JobOutcome>;

export type JobRunnerOptions = {
  /** How many jobs of this queue run at once in this process (default 1). */
  concurrency?: number;
  /** Attempts before a job is marked failed (default 5). */
  maxAttempts?: number;
  /** How long a claim lasts before another process may take the job; renewed while it runs (default 60 s). */
  leaseMs?: number;
  /** Wait before the first retry, doubled for each further one (default 10 s). */
  retryBaseMs?: number;
  /** Pause between polls when the queue is empty (default 1 s). */
  pollMs?: number;
};

type ClaimedJob = { company_id: string; id: string; payload: Record<string, unknown>; attempts: number };

/**
 * Runs the jobs of one queue in this server process. Jobs live in platform.job, so every server process
 * running a JobRunner for the queue shares them. Each claims jobs with SKIP LOCKED under a lease that it
 * renews while working. A process that dies leaves its jobs to be claimed again when the lease ends.
 * Closing aborts the handlers' signal and waits for them.
 */
export class JobRunner {
  readonly #database: DatabaseScopes;
  readonly #log: FastifyBaseLogger;
  readonly #queue: string;
  readonly #handler: JobHandler;
  readonly #options: Required<JobRunnerOptions>;
  readonly #abort = new AbortController();
  readonly #running = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;
  #pokedWhilePolling = false;

  constructor(
    database: DatabaseScopes,
    log: FastifyBaseLogger,
    queue: string,
    handler: JobHandler,
    options: JobRunnerOptions = {},
  ) {
    this.#database = database;
    this.#log = log.child({ queue });
    this.#queue = queue;
    this.#handler = handler;
    this.#options = {
      concurrency: options.concurrency ?? 1,
      maxAttempts: options.maxAttempts ?? 5,
      leaseMs: options.leaseMs ?? 60_000,
      retryBaseMs: options.retryBaseMs ?? 10_000,
      pollMs: options.pollMs ?? 1_000,
    };
  }

  /** Polls the queue until closed; `poke` makes it poll at once, after a job was enqueued. */
  start(): void {
    this.poke();
  }

  poke(): void {
    if (this.#abort.signal.aborted) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#startPoll(), 0);
  }

  async close(): Promise<void> {
    this.#abort.abort();
    clearTimeout(this.#timer);
    // A poll in flight may still start jobs, so it ends before the running jobs are awaited.
    await this.#polling;
    await Promise.allSettled([...this.#running]);
  }

  // One poll at a time, so that two polls cannot both see a free slot and exceed the concurrency.
  #startPoll(): void {
    if (this.#polling) {
      this.#pokedWhilePolling = true;
      return;
    }
    this.#polling = this.#poll().finally(() => {
      this.#polling = undefined;
      if (this.#abort.signal.aborted) return;
      const delayMs = this.#pokedWhilePolling ? 0 : this.#options.pollMs;
      this.#pokedWhilePolling = false;
      this.#timer = setTimeout(() => this.#startPoll(), delayMs);
    });
  }

  async #poll(): Promise<void> {
    try {
      const free = this.#options.concurrency - this.#running.size;
      const jobs = free > 0 && !this.#abort.signal.aborted ? await this.#claim(free) : [];
      for (const job of jobs) {
        const work = this.#run(job).finally(() => {
          this.#running.delete(work);
          this.poke();
        });
        this.#running.add(work);
      }
    } catch (error) {
      this.#log.error({ error: describeError(error) }, 'job queue poll failed; polling again after a pause');
    }
  }

  async #claim(limit: number): Promise<ClaimedJob[]> {
    const companies = await sql<{ company_id: string }>`
      select distinct company_id from platform.job
      where queue = ${this.#queue} and status in ('queued', 'running') and run_at <= now()
        and (locked_until is null or locked_until < now())`.execute(this.#database.platform);
    const claimed: ClaimedJob[] = [];
    for (const { company_id: companyId } of companies.rows) {
      if (claimed.length >= limit) break;
      const rows = await sql<ClaimedJob>`
        update platform.job set status = 'running', attempts = attempts + 1,
          locked_until = now() + ${`${this.#options.leaseMs} milliseconds`}::interval
        where company_id = ${companyId} and id in (
          select id from platform.job
          where company_id = ${companyId} and queue = ${this.#queue} and status in ('queued', 'running')
            and run_at <= now() and (locked_until is null or locked_until < now())
          order by run_at limit ${limit - claimed.length}
          for update skip locked)
        returning company_id, id, payload, attempts`.execute(this.#database.forCompany(companyId));
      claimed.push(...rows.rows);
    }
    return claimed;
  }

  async #run(job: ClaimedJob): Promise<void> {
    const db = this.#database.forCompany(job.company_id);
    const log = this.#log.child({ jobId: job.id, companyId: job.company_id, attempt: job.attempts });
    const renew = setInterval(() => {
      void sql`update platform.job set locked_until = now() + ${`${this.#options.leaseMs} milliseconds`}::interval
               where company_id = ${job.company_id} and id = ${job.id} and status = 'running'`
        .execute(db)
        .catch((error: unknown) => log.warn({ error: describeError(error) }, 'job lease renewal failed'));
    }, this.#options.leaseMs / 3);
    try {
      const outcome = await this.#handler(
        db,
        systemContext(job.company_id, `job:${this.#queue}`),
        job.payload,
        this.#abort.signal,
      );
      if (outcome === 'done') {
        await sql`update platform.job set status = 'done', finished_at = now(), locked_until = null, last_error = null
                  where company_id = ${job.company_id} and id = ${job.id}`.execute(db);
      } else {
        // Paused for shutdown: another process, or this one after its restart, continues it. The attempt
        // is given back, since nothing failed.
        await sql`update platform.job set status = 'queued', locked_until = null, attempts = attempts - 1
                  where company_id = ${job.company_id} and id = ${job.id}`.execute(db);
      }
    } catch (error) {
      await this.#recordFailure(db, job, describeError(error), log);
    } finally {
      clearInterval(renew);
    }
  }

  async #recordFailure(db: Db, job: ClaimedJob, error: string, log: FastifyBaseLogger): Promise<void> {
    const final = job.attempts >= this.#options.maxAttempts;
    const delayMs = Math.min(this.#options.retryBaseMs * 2 ** (job.attempts - 1), 3_600_000);
    if (final) log.error({ error }, 'job failed for good after its last attempt');
    else log.warn({ error, retryInMs: delayMs }, 'job failed; it will be retried');
    await sql`
      update platform.job set
        status = ${final ? 'failed' : 'queued'},
        run_at = now() + ${`${delayMs} milliseconds`}::interval,
        locked_until = null,
        last_error = ${error},
        finished_at = ${final ? sql`now()` : null}
      where company_id = ${job.company_id} and id = ${job.id}`.execute(db);
  }
}

/** Shortens an error to its message and code, so that a failing job does not log whole SQL statements. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  const code = (error as { code?: unknown }).code;
  return `${typeof code === 'string' ? `${code} ` : ''}${error.message}`.slice(0, 500);
}
