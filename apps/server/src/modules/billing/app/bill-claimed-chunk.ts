import type { RatingSettings } from '@open-cis/rating';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { listChunkAccounts } from '../db/list-due-accounts.js';
import { toBillRun } from '../db/bill-run-rows.js';
import type { BillRun, EstimationDefaults } from '../domain/bill-run.js';
import type { BillingTariff } from '../domain/compile-tariff-versions.js';
import { billAccountChunk } from './bill-account-chunk.js';

export type ChunkSettings = {
  settings: RatingSettings;
  issueDate: string;
  tariffCache: Map<string, BillingTariff>;
  estimation: EstimationDefaults;
};

/**
 * Bills one claimed chunk in one transaction: locks the chunk row (a second worker on the same chunk
 * waits here and then finds it billed), bills its accounts, marks it billed and adds to the run's counts.
 * Returns the run after the chunk, or undefined when another worker had billed it already.
 */
export async function billClaimedChunk(
  db: Db,
  context: RequestContext,
  billRunId: string,
  chunkNumber: number,
  chunk: ChunkSettings,
): Promise<BillRun | undefined> {
  const { companyId } = context;
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .selectFrom('billing.bill_run_chunk as c')
      .innerJoin('billing.bill_run as r', (join) =>
        join.onRef('r.company_id', '=', 'c.company_id').onRef('r.id', '=', 'c.bill_run_id'),
      )
      .innerJoin('billing.bill_cycle as y', (join) =>
        join.onRef('y.company_id', '=', 'r.company_id').onRef('y.id', '=', 'r.bill_cycle_id'),
      )
      .select([
        'c.status',
        'c.first_account_id',
        'c.last_account_id',
        'r.bill_cycle_id',
        'r.cut_off_on',
        'r.issue_bills',
        'y.period_months',
      ])
      .where('c.company_id', '=', companyId)
      .where('c.bill_run_id', '=', billRunId)
      .where('c.chunk_number', '=', chunkNumber)
      .forUpdate('c')
      .executeTakeFirstOrThrow();
    if (claimed.status !== 'claimed') return undefined;

    const accounts = await listChunkAccounts(
      trx,
      companyId,
      claimed.bill_cycle_id,
      claimed.first_account_id,
      claimed.last_account_id,
    );
    const result = await billAccountChunk(trx, context, {
      billRunId,
      cutOffOn: claimed.cut_off_on,
      accounts,
      issueDate: claimed.issue_bills ? chunk.issueDate : undefined,
      settings: chunk.settings,
      cyclePeriodMonths: claimed.period_months,
      estimation: chunk.estimation,
      tariffCache: chunk.tariffCache,
    });
    // One statement marks the chunk billed and adds to the run's counts: it runs while the chunk may hold
    // the invoice number lock, so a round trip less is a shorter wait for the other workers.
    const run = await trx
      .with('billed_chunk', (db) =>
        db
          .updateTable('billing.bill_run_chunk')
          .set({ status: 'billed', billed_at: new Date() })
          .where('company_id', '=', companyId)
          .where('bill_run_id', '=', billRunId)
          .where('chunk_number', '=', chunkNumber)
          .returning('chunk_number'),
      )
      .updateTable('billing.bill_run')
      .set((eb) => ({
        accounts_processed: eb('accounts_processed', '+', accounts.length),
        bills_created: eb('bills_created', '+', result.bills),
        exceptions_count: eb('exceptions_count', '+', result.exceptions.length),
      }))
      .where('company_id', '=', companyId)
      .where('id', '=', billRunId)
      .where((eb) => eb.exists(eb.selectFrom('billed_chunk').select('chunk_number')))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toBillRun(run);
  });
}
