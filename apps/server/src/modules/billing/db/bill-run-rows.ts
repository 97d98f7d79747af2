import type { Selectable } from 'kysely';
import type { BillRunTable } from '../../../platform/db/schema.js';
import type { BillRun } from '../domain/bill-run.js';

export function toBillRun(row: Selectable<BillRunTable>): BillRun {
  return {
    id: row.id,
    billCycleId: row.bill_cycle_id,
    cutOffOn: row.cut_off_on,
    issueBills: row.issue_bills,
    status: row.status,
    accountsTotal: row.accounts_total,
    accountsProcessed: row.accounts_processed,
    billsCreated: row.bills_created,
    exceptionsCount: row.exceptions_count,
    // A processed account gets one bill, one exception or nothing, so the rest had nothing due.
    accountsNothingDue: row.accounts_processed - row.bills_created - row.exceptions_count,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}
