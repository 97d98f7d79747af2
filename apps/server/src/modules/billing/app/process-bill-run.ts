import { Temporal } from 'temporal-polyfill';
import type { RatingSettings } from '@open-cis/rating';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { listEstimationProfiles } from '../../readings/index.js';
import { claimBillRunChunk } from '../db/claim-bill-run-chunk.js';
import { toBillRun } from '../db/bill-run-rows.js';
import { defaultDailyUse, type BillRun, type BillRunOptions } from '../domain/bill-run.js';
import type { BillingTariff } from '../domain/compile-tariff-versions.js';
import { billClaimedChunk, type ChunkSettings } from './bill-claimed-chunk.js';
import { getBillRun } from './get-bill-run.js';

const DEFAULT_CHUNK_SIZE = 2_000;

/**
 * Returns how many workers a bill run should use on the given database. PGlite runs one transaction at a
 * time in the process's own thread, so a second worker gains nothing there. On a PostgreSQL server, three
 * workers in one process kept two cores busiest in the billing benchmark (while one chunk is rated,
 * others wait on the database): see bench/README.md.
 */
export function recommendedBillRunWorkers(databaseKind: 'pglite' | 'postgres'): number {
  return databaseKind === 'postgres' ? 3 : 1;
}

/**
 * Bills a run's accounts chunk by chunk with `workers` concurrent workers (each chunk in its own
 * transaction with its progress), until none is left. A run killed at any point resumes with the chunks it
 * had not committed: no account is billed twice and none is skipped. Processing a completed run does nothing.
 * Several processes may work on one run at once; they share the chunks through row locks.
 */
export async function processBillRun(
  db: Db,
  context: RequestContext,
  billRunId: string,
  options: BillRunOptions = {},
): Promise<BillRun> {
  const run = await getBillRun(db, context.companyId, billRunId);
  if (run.status === 'completed') return run;
  const settings = await loadChunkSettings(db, context.companyId, options);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  let failure: unknown;

  const work = async (): Promise<void> => {
    while (failure === undefined && !options.signal?.aborted) {
      const claim = await claimBillRunChunk(db, context.companyId, billRunId, chunkSize);
      if (claim.kind === 'none') {
        if (!claim.completed && claim.busy === 0) await completeRun(db, context, billRunId);
        return;
      }
      const progress = await billClaimedChunk(db, context, billRunId, claim.chunk.chunkNumber, settings);
      if (progress) options.onProgress?.(progress);
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: Math.max(1, options.workers ?? 1) }, () =>
      work().catch((error: unknown) => {
        // Stop the other workers at their next chunk; what they committed stays billed.
        failure ??= error;
        throw error;
      }),
    ),
  );
  const rejected = results.find((result) => result.status === 'rejected');
  if (rejected) throw rejected.reason;
  return getBillRun(db, context.companyId, billRunId);
}

async function loadChunkSettings(db: Db, companyId: string, options: BillRunOptions): Promise<ChunkSettings> {
  const company = await db
    .selectFrom('companies.company')
    .select(['currency', 'currency_minor_unit', 'rounding_mode', 'time_zone'])
    .where('id', '=', companyId)
    .executeTakeFirstOrThrow();
  const profiles = await listEstimationProfiles(db, companyId);
  const settings: RatingSettings = {
    currency: company.currency,
    minorUnitExponent: company.currency_minor_unit,
    rounding: company.rounding_mode,
    timeZone: company.time_zone,
  };
  return {
    settings,
    issueDate: options.issueDate ?? Temporal.Now.plainDateISO(company.time_zone).toString(),
    tariffCache: new Map<string, BillingTariff>(),
    estimation: {
      dailyUseByUnit: { ...defaultDailyUse, ...options.defaultDailyUse },
      profilesByUnit: Object.fromEntries(profiles.map((profile) => [profile.unit, profile])),
    },
  };
}

// Marks the run completed once no chunk is left to claim or being billed. The status guard makes the
// completion and its event happen once, even when several workers finish together.
async function completeRun(db: Db, context: RequestContext, billRunId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const completed = await trx
      .updateTable('billing.bill_run')
      .set({ status: 'completed', completed_at: new Date() })
      .where('company_id', '=', context.companyId)
      .where('id', '=', billRunId)
      .where('status', '!=', 'completed')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('billing.bill_run_chunk')
              .select('chunk_number')
              .where('company_id', '=', context.companyId)
              .where('bill_run_id', '=', billRunId)
              .where('status', '=', 'claimed'),
          ),
        ),
      )
      .returningAll()
      .executeTakeFirst();
    if (!completed) return;
    const billRun = toBillRun(completed);
    await enqueueEvents(trx, context, [
      {
        aggregateType: 'bill-run',
        aggregateId: billRunId,
        eventType: 'bill-run.completed',
        payload: { billRunId, billsCreated: billRun.billsCreated, exceptionsCount: billRun.exceptionsCount },
      },
    ]);
  });
}
