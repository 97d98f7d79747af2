import { expect, it } from 'vitest';
import { enqueueJob } from '../../src/platform/jobs/enqueue-job.js';
import { JobRunner, type JobHandler } from '../../src/platform/jobs/job-runner.js';
import { captureLogs } from '../http/test-http-app.js';
import { insertCompany } from '../support/factories/company.js';
import { describeEachDatabase, type TestDatabase } from '../support/test-database.js';

async function enqueue(
  database: TestDatabase,
  companyId: string,
  queue: string,
  key?: string,
): Promise<boolean> {
  return database
    .forCompany(companyId)
    .transaction()
    .execute((trx) =>
      enqueueJob(trx, companyId, { queue, payload: { n: key ?? '' }, ...(key ? { dedupeKey: key } : {}) }),
    );
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('The condition did not come true within 5 seconds.');
}

describeEachDatabase('job queue', (database) => {
  it('runs each job once across two runners', async () => {
    const { companyId } = await insertCompany(database().db);
    for (const key of ['a', 'b', 'c', 'd']) await enqueue(database(), companyId, 'shared', key);
    const handled: string[] = [];
    let atOnce = 0;
    let mostAtOnce = 0;
    const handler: JobHandler = async (_db, _context, payload) => {
      atOnce += 1;
      mostAtOnce = Math.max(mostAtOnce, atOnce);
      handled.push(String(payload.n));
      await new Promise((resolve) => setTimeout(resolve, 20));
      atOnce -= 1;
      return 'done';
    };
    const { logger } = captureLogs();
    const runners = [1, 2].map(() => new JobRunner(database(), logger, 'shared', handler, { pollMs: 10 }));
    runners.forEach((runner) => runner.start());
    await waitFor(async () => {
      const open = await database()
        .db.selectFrom('platform.job')
        .select('id')
        .where('company_id', '=', companyId)
        .where('status', '!=', 'done')
        .execute();
      return open.length === 0;
    });
    await Promise.all(runners.map((runner) => runner.close()));
    expect(handled.sort()).toEqual(['a', 'b', 'c', 'd']);
    // Each runner has a concurrency of 1, so at most two jobs ran at once.
    expect(mostAtOnce).toBeLessThanOrEqual(2);
  });

  it('marks a job failed after its last attempt', async () => {
    const { companyId } = await insertCompany(database().db);
    await enqueue(database(), companyId, 'failing', 'x');
    const { logger, logs } = captureLogs();
    const runner = new JobRunner(
      database(),
      logger,
      'failing',
      () => Promise.reject(new Error(`broken ${'x'.repeat(2000)}`)),
      { pollMs: 10, maxAttempts: 2, retryBaseMs: 10 },
    );
    runner.start();
    const job = () =>
      database()
        .db.selectFrom('platform.job')
        .select(['status', 'attempts', 'last_error'])
        .where('company_id', '=', companyId)
        .where('queue', '=', 'failing')
        .executeTakeFirstOrThrow();
    await waitFor(async () => (await job()).status === 'failed');
    await runner.close();
    const failed = await job();
    expect(failed.attempts).toBe(2);
    expect(failed.last_error?.length).toBeLessThanOrEqual(500);
    expect(
      logs.lines.filter((line) => line.msg === 'job failed for good after its last attempt'),
    ).toHaveLength(1);
  });

  it('keeps one queued job per dedupe key', async () => {
    const { companyId } = await insertCompany(database().db);
    expect(await enqueue(database(), companyId, 'dedupe', 'same')).toBe(true);
    expect(await enqueue(database(), companyId, 'dedupe', 'same')).toBe(false);
    expect(await enqueue(database(), companyId, 'dedupe', 'other')).toBe(true);
  });
});
