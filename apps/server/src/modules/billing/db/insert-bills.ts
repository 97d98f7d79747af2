import { sql } from 'kysely';
import type { Trx } from '../../../platform/context/request-context.js';
import { copyRows } from '../../../platform/db/copy-rows.js';
import type { BillDraft } from '../domain/bill-draft.js';

export type IssueFields = {
  series: string;
  invoiceNumber: string;
  issueDate: string;
  dueDate: string;
};

/**
 * Inserts bills with their segments and lines, three statements for any number of bills (each carries its
 * rows as one JSON parameter). Bills given issue fields are inserted as issued.
 */
export async function insertBills(
  trx: Trx,
  companyId: string,
  bills: readonly BillDraft[],
  issued: ReadonlyMap<string, IssueFields> = new Map(),
): Promise<void> {
  await insertBillHeaders(trx, companyId, bills, issued);
  await insertBillDetails(trx, companyId, bills);
}

/**
 * Makes the references from segments and lines to their bill wait for commit, so that a transaction can
 * insert the details first and the bills last (see insertBillDetails).
 */
export async function deferBillReferences(trx: Trx): Promise<void> {
  await sql`
    set constraints billing.bill_segment_company_id_bill_id_fkey, billing.bill_line_company_id_bill_id_fkey
    deferred
  `.execute(trx);
}

/** Inserts the bill rows themselves, as issued for the bills given issue fields. */
export async function insertBillHeaders(
  trx: Trx,
  companyId: string,
  bills: readonly BillDraft[],
  issued: ReadonlyMap<string, IssueFields>,
): Promise<void> {
  if (bills.length === 0) return;
  const issuedAt = new Date().toISOString();
  await copyRows(
    trx,
    'billing.bill',
    {
      company_id: 'uuid',
      id: 'uuid',
      account_id: 'uuid',
      bill_run_id: 'uuid',
      kind: 'text',
      status: 'text',
      series: 'text',
      invoice_number: 'text',
      issue_date: 'date',
      due_date: 'date',
      period_start: 'date',
      period_end: 'date',
      currency: 'char(3)',
      total_minor: 'bigint',
      is_estimated: 'boolean',
      cancels_bill_id: 'uuid',
      issued_at: 'timestamptz',
    },
    bills.map((bill) => {
      const fields = issued.get(bill.id);
      return {
        company_id: companyId,
        id: bill.id,
        account_id: bill.accountId,
        bill_run_id: bill.billRunId,
        kind: bill.cancelsBillId ? 'credit-note' : 'invoice',
        status: fields ? 'issued' : 'draft',
        series: fields?.series ?? null,
        invoice_number: fields?.invoiceNumber ?? null,
        issue_date: fields?.issueDate ?? null,
        due_date: fields?.dueDate ?? null,
        period_start: bill.periodStart,
        period_end: bill.periodEnd,
        currency: bill.currency,
        total_minor: bill.totalMinor.toString(),
        is_estimated: bill.isEstimated,
        cancels_bill_id: bill.cancelsBillId ?? null,
        issued_at: fields ? issuedAt : null,
      };
    }),
  );
}

/**
 * Inserts the bills' segments and lines. Before their bills exist, the transaction must have called
 * deferBillReferences.
 */
export async function insertBillDetails(
  trx: Trx,
  companyId: string,
  bills: readonly BillDraft[],
): Promise<void> {
  if (bills.length === 0) return;
  await copyRows(
    trx,
    'billing.bill_segment',
    {
      company_id: 'uuid',
      id: 'uuid',
      bill_id: 'uuid',
      agreement_id: 'uuid',
      service_point_id: 'uuid',
      period_start: 'date',
      period_end: 'date',
      is_estimated: 'boolean',
      consumption: 'json',
      total_minor: 'bigint',
    },
    bills.flatMap((bill) =>
      bill.segments.map((segment) => ({
        company_id: companyId,
        id: segment.id,
        bill_id: bill.id,
        agreement_id: segment.agreementId,
        service_point_id: segment.servicePointId,
        period_start: segment.periodStart,
        period_end: segment.periodEnd,
        is_estimated: segment.isEstimated,
        consumption: segment.consumption,
        total_minor: segment.totalMinor.toString(),
      })),
    ),
  );
  await copyRows(
    trx,
    'billing.bill_line',
    {
      company_id: 'uuid',
      bill_id: 'uuid',
      line_number: 'integer',
      segment_id: 'uuid',
      component_kind: 'text',
      description: 'text',
      quantity: 'numeric',
      unit: 'text',
      unit_price: 'numeric',
      amount_minor: 'bigint',
      ledger_account: 'text',
      trace: 'json',
    },
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
