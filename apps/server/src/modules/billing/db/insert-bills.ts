import { sql } from 'kysely';
import type { Trx } from '../../../platform/context/request-context.js';
import { insertJsonRows } from '../../../platform/db/insert-json-rows.js';
import type { BillDraft } from '../domain/bill-draft.js';

export type IssueFields = {
  series: string;
  invoiceNumber: string;
  issueDate: string;
  dueDate: string;
};

/**
 * Inserts bills with their segments and lines, three statements for any number of bills: each column
 * travels as one array parameter and `unnest` turns the arrays back into rows, so the statement size and
 * parameter count do not grow with the chunk. Bills given issue fields are inserted as issued.
 */
export async function insertBills(
  trx: Trx,
  companyId: string,
  bills: readonly BillDraft[],
  issued: ReadonlyMap<string, IssueFields> = new Map(),
): Promise<void> {
  if (bills.length === 0) return;
  const issue = (bill: BillDraft) => issued.get(bill.id);
  await sql`
    insert into billing.bill (company_id, id, account_id, bill_run_id, kind, status, series, invoice_number,
      issue_date, due_date, period_start, period_end, currency, total_minor, is_estimated, cancels_bill_id, issued_at)
    select ${companyId}::uuid, id, account_id, bill_run_id,
      case when cancels_bill_id is null then 'invoice' else 'credit-note' end,
      case when invoice_number is null then 'draft' else 'issued' end, series, invoice_number, issue_date,
      due_date, period_start, period_end, currency, total_minor, is_estimated, cancels_bill_id,
      case when invoice_number is null then null else now() end
    from unnest(${bills.map((b) => b.id)}::uuid[], ${bills.map((b) => b.accountId)}::uuid[],
      ${bills.map((b) => b.billRunId)}::uuid[], ${bills.map((b) => issue(b)?.series ?? null)}::text[],
      ${bills.map((b) => issue(b)?.invoiceNumber ?? null)}::text[],
      ${bills.map((b) => issue(b)?.issueDate ?? null)}::date[], ${bills.map((b) => issue(b)?.dueDate ?? null)}::date[],
      ${bills.map((b) => b.periodStart)}::date[], ${bills.map((b) => b.periodEnd)}::date[],
      ${bills.map((b) => b.currency)}::text[], ${bills.map((b) => b.totalMinor.toString())}::bigint[],
      ${bills.map((b) => b.isEstimated)}::boolean[], ${bills.map((b) => b.cancelsBillId ?? null)}::uuid[])
      as v(id, account_id, bill_run_id, series, invoice_number, issue_date, due_date, period_start, period_end,
        currency, total_minor, is_estimated, cancels_bill_id)
  `.execute(trx);

  const segments = bills.flatMap((bill) => bill.segments.map((segment) => ({ bill, segment })));
  await sql`
    insert into billing.bill_segment (company_id, id, bill_id, agreement_id, service_point_id, period_start,
      period_end, is_estimated, consumption, total_minor)
    select ${companyId}::uuid, * from unnest(${segments.map((s) => s.segment.id)}::uuid[],
      ${segments.map((s) => s.bill.id)}::uuid[], ${segments.map((s) => s.segment.agreementId)}::uuid[],
      ${segments.map((s) => s.segment.servicePointId)}::uuid[], ${segments.map((s) => s.segment.periodStart)}::date[],
      ${segments.map((s) => s.segment.periodEnd)}::date[], ${segments.map((s) => s.segment.isEstimated)}::boolean[],
      ${segments.map((s) => JSON.stringify(s.segment.consumption))}::jsonb[],
      ${segments.map((s) => s.segment.totalMinor.toString())}::bigint[])
  `.execute(trx);

  await insertJsonRows(
    trx,
    'billing.bill_line',
    [
      'company_id',
      'bill_id',
      'line_number',
      'segment_id',
      'component_kind',
      'description',
      'quantity',
      'unit',
      'unit_price',
      'amount_minor',
      'ledger_account',
      'trace',
    ],
    bills.flatMap((bill) =>
      bill.lines.map((line) => ({
        company_id: companyId,
        bill_id: bill.id,
        line_number: line.lineNumber,
        segment_id: line.segmentId,
        component_kind: line.componentKind,
        description: line.description,
        quantity: line.quantity,
        unit: line.unit,
        unit_price: line.unitPrice,
        amount_minor: line.amountMinor.toString(),
        ledger_account: line.ledgerAccount,
        trace: line.trace,
      })),
    ),
  );
}
