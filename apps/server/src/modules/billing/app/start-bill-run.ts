import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { notFound, ruleViolation } from '../../../platform/errors/app-error.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { countCycleAccounts } from '../db/list-due-accounts.js';
import { toBillRun } from '../db/bill-run-rows.js';
import type { BillRun } from '../domain/bill-run.js';
import { plainDateSchema } from '../../../platform/validation/plain-date-schema.js';

export const startBillRunInput = z.object({
  billCycleId: z.uuid(),
  cutOffOn: plainDateSchema,
  issueBills: z.boolean().default(true),
  /** Today in the company's time zone; taken from the clock when absent (tests pass it). */
  today: plainDateSchema.optional(),
});

export type StartBillRunInput = z.input<typeof startBillRunInput>;

/**
 * Opens the bill run of a cycle for a cut-off date, or returns the one that exists: a cycle is billed once
 * per cut-off, so asking again never bills anybody twice.
 */
export async function startBillRun(
  db: Db,
  context: RequestContext,
  input: StartBillRunInput,
): Promise<{ billRun: BillRun; created: boolean }> {
  assertPermission(context, 'billing:write');
  const { billCycleId, cutOffOn, issueBills, today } = parseInput(
    startBillRunInput,
    input,
    'BILLING.INVALID_BILL_RUN',
  );
  await assertCutOffNotInFuture(db, context.companyId, cutOffOn, today);
  return db.transaction().execute(async (trx) => {
    const cycle = await trx
      .selectFrom('billing.bill_cycle')
      .select('id')
      .where('company_id', '=', context.companyId)
      .where('id', '=', billCycleId)
      .executeTakeFirst();
    if (!cycle) throw notFound('BILLING.BILL_CYCLE_NOT_FOUND', `Bill cycle ${billCycleId} was not found.`);

    const accountsTotal = await countCycleAccounts(trx, context.companyId, billCycleId);
    const inserted = await trx
      .insertInto('billing.bill_run')
      .values({
        company_id: context.companyId,
        bill_cycle_id: billCycleId,
        cut_off_on: cutOffOn,
        issue_bills: issueBills,
        accounts_total: accountsTotal,
      })
      .onConflict((conflict) => conflict.columns(['company_id', 'bill_cycle_id', 'cut_off_on']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) {
      const existing = await trx
        .selectFrom('billing.bill_run')
        .selectAll()
        .where('company_id', '=', context.companyId)
        .where('bill_cycle_id', '=', billCycleId)
        .where('cut_off_on', '=', cutOffOn)
        .executeTakeFirstOrThrow();
      return { billRun: toBillRun(existing), created: false };
    }

    const billRun = toBillRun(inserted);
    await recordAudit(trx, context, [
      {
        entityType: 'bill-run',
        entityId: billRun.id,
        action: 'create',
        changes: {
          billCycleId: [null, billCycleId],
          cutOffOn: [null, cutOffOn],
          issueBills: [null, issueBills],
        },
      },
    ]);
    await enqueueEvents(trx, context, [
      {
        aggregateType: 'bill-run',
        aggregateId: billRun.id,
        eventType: 'bill-run.opened',
        payload: { billRunId: billRun.id, billCycleId, cutOffOn, accountsTotal },
      },
    ]);
    return { billRun, created: true };
  });
}

// A cut-off after today would bill days that have not happened yet, on estimated reads.
async function assertCutOffNotInFuture(
  db: Db,
  companyId: string,
  cutOffOn: string,
  today: string | undefined,
): Promise<void> {
  const company = await db
    .selectFrom('companies.company')
    .select('time_zone')
    .where('id', '=', companyId)
    .executeTakeFirstOrThrow();
  const todayInCompany = today ?? Temporal.Now.plainDateISO(company.time_zone).toString();
  if (cutOffOn > todayInCompany) {
    throw ruleViolation(
      'BILLING.CUT_OFF_IN_FUTURE',
      `The cut-off date ${cutOffOn} is after today (${todayInCompany} in ${company.time_zone}): choose a date up to today.`,
      [{ path: 'cutOffOn', message: `${cutOffOn} is after today, ${todayInCompany}` }],
      { cutOffOn, today: todayInCompany },
    );
  }
}
