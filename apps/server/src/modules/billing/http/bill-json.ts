import { z } from 'zod';
import type { BillRun } from '../domain/bill-run.js';
import type { BillListItem, BillWithDetails, Bill } from '../domain/bill.js';

const minorAmount = z
  .string()
  .regex(/^-?\d+$/)
  .describe('Amount in minor units of the currency, as a string');

export const billSummarySchema = z
  .object({
    id: z.uuid(),
    accountId: z.uuid(),
    billRunId: z.uuid().nullable(),
    kind: z.enum(['invoice', 'credit-note']),
    status: z.enum(['draft', 'issued', 'cancelled']),
    invoiceNumber: z.string().nullable(),
    issueDate: z.iso.date().nullable(),
    dueDate: z.iso.date().nullable(),
    periodStart: z.iso.date().describe('First day of the billing period'),
    periodEnd: z.iso.date().describe('Day after the last day of the billing period (half-open range)'),
    currency: z.string().length(3),
    totalMinor: minorAmount,
    isEstimated: z.boolean(),
    cancelsBillId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'BillSummary' });

export const billListItemSchema = billSummarySchema
  .extend({ accountNumber: z.string().describe("The number of the bill's account") })
  .meta({ id: 'BillListItem' });

export const billSchema = billSummarySchema
  .extend({
    accountNumber: z.string().describe("The number of the bill's account"),
    segments: z.array(
      z.object({
        id: z.uuid(),
        agreementId: z.uuid(),
        servicePointId: z.uuid(),
        periodStart: z.iso.date(),
        periodEnd: z.iso.date(),
        status: z.enum(['active', 'cancelled']),
        isEstimated: z.boolean(),
        consumption: z
          .record(z.string(), z.unknown())
          .describe('Reads, spans and quantities the segment was rated on'),
        totalMinor: minorAmount,
      }),
    ),
    lines: z.array(
      z.object({
        lineNumber: z.number().int(),
        segmentId: z.uuid().nullable(),
        componentKind: z.string(),
        description: z.string(),
        quantity: z.string().nullable(),
        unit: z.string().nullable(),
        unitPrice: z.string().nullable(),
        amountMinor: minorAmount,
        ledgerAccount: z.string(),
        trace: z
          .record(z.string(), z.unknown())
          .describe('Tariff version, component, tier or period, proration, readings, formula'),
      }),
    ),
  })
  .meta({ id: 'Bill' });

export const billRunSchema = z
  .object({
    id: z.uuid(),
    billCycleId: z.uuid(),
    cutOffOn: z.iso.date(),
    issueBills: z.boolean(),
    status: z.enum(['open', 'running', 'completed']),
    accountsTotal: z.number().int(),
    accountsProcessed: z.number().int(),
    billsCreated: z.number().int(),
    exceptionsCount: z.number().int(),
    accountsNothingDue: z
      .number()
      .int()
      .describe(
        'Accounts processed that had nothing due up to the cut-off (already billed to it, or no agreement in force)',
      ),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    completedAt: z.iso.datetime().nullable(),
    job: z
      .object({
        status: z.enum(['queued', 'running', 'done', 'failed']),
        attempts: z.number().int(),
        lastError: z.string().nullable(),
      })
      .nullable()
      .optional()
      .describe('The background job that bills the run: a failed job has stopped retrying, with its error'),
  })
  .meta({ id: 'BillRun' });

export function toBillSummaryJson(bill: Bill): z.infer<typeof billSummarySchema> {
  return {
    id: bill.id,
    accountId: bill.accountId,
    billRunId: bill.billRunId,
    kind: bill.kind,
    status: bill.status,
    invoiceNumber: bill.invoiceNumber,
    issueDate: bill.issueDate,
    dueDate: bill.dueDate,
    periodStart: bill.periodStart,
    periodEnd: bill.periodEnd,
    currency: bill.currency,
    totalMinor: bill.totalMinor.toString(),
    isEstimated: bill.isEstimated,
    cancelsBillId: bill.cancelsBillId,
    createdAt: bill.createdAt,
  };
}

export function toBillListItemJson(bill: BillListItem): z.infer<typeof billListItemSchema> {
  return { ...toBillSummaryJson(bill), accountNumber: bill.accountNumber };
}

export function toBillJson(bill: BillWithDetails & { accountNumber: string }): z.infer<typeof billSchema> {
  return {
    ...toBillSummaryJson(bill),
    accountNumber: bill.accountNumber,
    segments: bill.segments.map((segment) => ({ ...segment, totalMinor: segment.totalMinor.toString() })),
    lines: bill.lines.map((line) => ({ ...line, amountMinor: line.amountMinor.toString() })),
  };
}

export function toBillRunJson(run: BillRun): z.infer<typeof billRunSchema> {
  return run;
}
