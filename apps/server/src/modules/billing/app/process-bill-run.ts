import { Temporal } from 'temporal-polyfill';
import type { RatingSettings } from '@open-cis/rating';
import type { Db, RequestContext, Trx } from '../../../platform/context/request-context.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { listDueAccounts } from '../db/list-due-accounts.js';
import { toBillRun } from '../db/bill-run-rows.js';
import { defaultDailyUse, type BillRun, type BillRunOptions } from '../domain/bill-run.js';
import type { BillingTariff } from '../domain/compile-tariff-versions.js';
import { billAccountChunk } from './bill-account-chunk.js';

const DEFAULT_CHUNK_SIZE = 1_000;

/**
 * Bills a run's accounts chunk by chunk, one transaction per chunk that also advances the run's cursor.
 * The run row is locked while a chunk is billed, so two workers on one run take turns, and a run killed
 * at any point resumes after its last committed chunk: nobody is billed twice and nobody is skipped.
 * Processing a completed run does nothing.
 */
export async function processBillRun(
  db: Db,
  context: RequestContext,
  billRunId: string,
  options: BillRunOptions = {},
): Promise<BillRun> {
  const company = await db
    .selectFrom('companies.company')
    .select(['currency', 'currency_minor_unit', 'rounding_mode', 'time_zone'])
    .where('id', '=', context.companyId)
    .executeTakeFirstOrThrow();
  const settings: RatingSettings = {
    currency: company.currency,
    minorUnitExponent: company.currency_minor_unit,
    rounding: company.rounding_mode,
    timeZone: company.time_zone,
  };
  const issueDate = options.issueDate ?? Temporal.Now.plainDateISO(company.time_zone).toString();
  const tariffCache = new Map<string, BillingTariff>();

  for (;;) {
    const run = await db.transaction().execute((trx) =>
      processNextChunk(trx, context, billRunId, {
        settings,
        issueDate,
        tariffCache,
        chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE,
        defaultDailyUse: { ...defaultDailyUse, ...options.defaultDailyUse },
      }),
    );
    options.onProgress?.(run);
    if (run.status === 'completed') return run;
  }
}

type ChunkSettings = {
  settings: RatingSettings;
  issueDate: string;
  tariffCache: Map<string, BillingTariff>;
  chunkSize: number;
  defaultDailyUse: Record<string, string>;
};

async function processNextChunk(
  trx: Trx,
  context: RequestContext,
  billRunId: string,
  chunk: ChunkSettings,
): Promise<BillRun> {
  const run = await trx
    .selectFrom('billing.bill_run as run')
    .innerJoin('billing.bill_cycle as cycle', (join) =>
      join.onRef('cycle.company_id', '=', 'run.company_id').onRef('cycle.id', '=', 'run.bill_cycle_id'),
    )
    .selectAll('run')
    .select('cycle.period_months')
    .where('run.company_id', '=', context.companyId)
    .where('run.id', '=', billRunId)
    .forUpdate('run')
    .executeTakeFirst();
  if (!run) throw notFound('BILLING.BILL_RUN_NOT_FOUND', `Bill run ${billRunId} was not found.`);
  if (run.status === 'completed') return toBillRun(run);

  const accounts = await listDueAccounts(
    trx,
    context.companyId,
    run.bill_cycle_id,
    run.cursor_account_id,
    chunk.chunkSize,
  );
  if (accounts.length === 0) return completeRun(trx, context, billRunId);

  const result = await billAccountChunk(trx, context, {
    billRunId,
    cutOffOn: run.cut_off_on,
    accounts,
    issueDate: run.issue_bills ? chunk.issueDate : undefined,
    settings: chunk.settings,
    cyclePeriodMonths: run.period_months,
    defaultDailyUse: chunk.defaultDailyUse,
    tariffCache: chunk.tariffCache,
  });
  const updated = await trx
    .updateTable('billing.bill_run')
    .set((eb) => ({
      status: 'running',
      started_at: run.started_at ?? new Date(),
      cursor_account_id: accounts.at(-1)?.id ?? null,
      accounts_processed: eb('accounts_processed', '+', accounts.length),
      bills_created: eb('bills_created', '+', result.bills),
      exceptions_count: eb('exceptions_count', '+', result.exceptions.length),
    }))
    .where('company_id', '=', context.companyId)
    .where('id', '=', billRunId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toBillRun(updated);
}

async function completeRun(trx: Trx, context: RequestContext, billRunId: string): Promise<BillRun> {
  const completed = await trx
    .updateTable('billing.bill_run')
    .set({ status: 'completed', completed_at: new Date() })
    .where('company_id', '=', context.companyId)
    .where('id', '=', billRunId)
    .returningAll()
    .executeTakeFirstOrThrow();
  const billRun = toBillRun(completed);
  await enqueueEvents(trx, context, [
    {
      aggregateType: 'bill-run',
      aggregateId: billRunId,
      eventType: 'bill-run.completed',
      payload: { billRunId, billsCreated: billRun.billsCreated, exceptionsCount: billRun.exceptionsCount },
    },
  ]);
  return billRun;
}
