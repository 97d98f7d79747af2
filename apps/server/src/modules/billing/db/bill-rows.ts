import { Decimal } from 'decimal.js';
import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { BillLineTable, BillSegmentTable, BillTable } from '../../../platform/db/schema.js';
import type { Bill, BillLine, BillSegment, BillWithDetails } from '../domain/bill.js';

export function toBill(row: Selectable<BillTable>): Bill {
  return {
    id: row.id,
    accountId: row.account_id,
    billRunId: row.bill_run_id,
    kind: row.kind,
    status: row.status,
    series: row.series,
    invoiceNumber: row.invoice_number,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    currency: row.currency,
    totalMinor: BigInt(row.total_minor),
    isEstimated: row.is_estimated,
    cancelsBillId: row.cancels_bill_id,
    createdAt: row.created_at.toISOString(),
  };
}

function toSegment(row: Selectable<BillSegmentTable>): BillSegment {
  return {
    id: row.id,
    agreementId: row.agreement_id,
    servicePointId: row.service_point_id,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    status: row.status,
    isEstimated: row.is_estimated,
    consumption: row.consumption as Record<string, unknown>,
    totalMinor: BigInt(row.total_minor),
  };
}

function toLine(row: Selectable<BillLineTable>): BillLine {
  return {
    lineNumber: row.line_number,
    segmentId: row.segment_id,
    componentKind: row.component_kind,
    description: row.description,
    quantity: trimDecimal(row.quantity),
    unit: row.unit,
    unitPrice: trimDecimal(row.unit_price),
    amountMinor: BigInt(row.amount_minor),
    ledgerAccount: row.ledger_account,
    trace: row.trace as Record<string, unknown>,
  };
}

/** Loads a bill with its segments and lines; `lock` takes the bill row for update. */
export async function findBillWithDetails(
  db: DbOrTrx,
  companyId: string,
  billId: string,
  lock = false,
): Promise<BillWithDetails | undefined> {
  let query = db
    .selectFrom('billing.bill')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', billId);
  if (lock) query = query.forUpdate();
  const bill = await query.executeTakeFirst();
  if (!bill) return undefined;
  const segments = await db
    .selectFrom('billing.bill_segment')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('bill_id', '=', billId)
    .orderBy('period_start')
    .execute();
  const lines = await db
    .selectFrom('billing.bill_line')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('bill_id', '=', billId)
    .orderBy('line_number')
    .execute();
  return { ...toBill(bill), segments: segments.map(toSegment), lines: lines.map(toLine) };
}

// NOTE: reads customers.account, another module's table, for the account number that a printed bill
// names, as the bill list does.
/** Returns the number of a bill's account. */
export async function findBillAccountNumber(
  db: DbOrTrx,
  companyId: string,
  accountId: string,
): Promise<string> {
  const account = await db
    .selectFrom('customers.account')
    .select('account_number')
    .where('company_id', '=', companyId)
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  return account.account_number;
}

// NUMERIC columns come back padded to their scale ("1.00000000"); lines show the value as rated ("1").
function trimDecimal(value: string | null): string | null {
  return value === null ? null : new Decimal(value).toString();
}
