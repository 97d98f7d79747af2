import { formatMinorUnits } from '@open-cis/rating';
import { z } from 'zod';
import type { AccountSummary } from '../app/get-account-summary.js';
import { ageingBucketDays, ageingBuckets, type AgeingBucket } from '../domain/ageing.js';
import { decimalAmount, minorAmount } from './money-schemas.js';

const settlementSchema = z
  .object({
    allocationId: z.uuid(),
    source: z
      .enum(['payment', 'prepaid-vend'])
      .describe("Where the money came from: a payment, or the debt a prepaid vend's deduction recovered"),
    paymentId: z.uuid().nullable().describe('The payment, when the source is a payment'),
    vendId: z.uuid().nullable().describe('The prepaid vend, when the source is a prepaid vend'),
    settledOn: z.iso.date().describe("The payment's received-on day or the vend's accounting date"),
    reference: z.string().nullable().describe("The payment's reference or the vend's transaction reference"),
    amountMinor: minorAmount,
    amount: decimalAmount,
  })
  .meta({ id: 'OpenItemSettlement' });

const openItemSchema = z
  .object({
    billId: z.uuid(),
    invoiceNumber: z.string(),
    issueDate: z.iso.date(),
    dueDate: z.iso.date(),
    totalMinor: minorAmount,
    allocatedMinor: minorAmount,
    outstandingMinor: minorAmount,
    total: decimalAmount.describe('The invoice total'),
    allocated: decimalAmount.describe("Payments and prepaid vends' recovered debt allocated to the invoice"),
    outstanding: decimalAmount.describe('What is still open: total − allocated'),
    daysOverdue: z.number().int().describe('Days past the due date on asOf; 0 until and on the due date'),
    ageingBucket: z.enum(ageingBuckets),
    settlements: z
      .array(settlementSchema)
      .describe('The allocations that settled part of the invoice, in the order the money came in'),
  })
  .meta({ id: 'OpenItem' });

const ageingBucketSchema = z
  .object({
    bucket: z.enum(ageingBuckets),
    minDaysOverdue: z.number().int(),
    maxDaysOverdue: z.number().int().nullable().describe('Null for the last bucket, which has no upper end'),
    itemCount: z.number().int(),
    amountMinor: minorAmount,
    amount: decimalAmount,
  })
  .meta({ id: 'AgeingBucket' });

export const balanceSchema = z
  .object({
    accountId: z.uuid(),
    accountNumber: z.string(),
    currency: z.string().length(3),
    asOf: z.iso.date(),
    balanceMinor: minorAmount.describe('Sum of the receivable postings: positive means the customer owes'),
    creditMinor: minorAmount.describe(
      "Payments and prepaid vends' recovered debt not allocated to an open item",
    ),
    openItemsTotalMinor: minorAmount,
    balance: decimalAmount,
    credit: decimalAmount,
    openItemsTotal: decimalAmount,
    ageing: z.record(z.enum(ageingBuckets), minorAmount).describe('Open amount per ageing bucket'),
    ageingBuckets: z
      .array(ageingBucketSchema)
      .describe('The ageing buckets in order, current first, with their day ranges, counts and amounts'),
    openItems: z.array(openItemSchema),
  })
  .meta({ id: 'AccountBalance' });

/** Converts an account summary into the balance route's JSON, each amount in minor units and as a decimal. */
export function toAccountBalanceJson(summary: AccountSummary): z.infer<typeof balanceSchema> {
  const decimal = (amountMinor: bigint) => formatMinorUnits(amountMinor, summary.account.currencyMinorUnit);
  return {
    accountId: summary.account.accountId,
    accountNumber: summary.account.accountNumber,
    currency: summary.account.currency,
    asOf: summary.asOf,
    balanceMinor: summary.balanceMinor.toString(),
    creditMinor: summary.creditMinor.toString(),
    openItemsTotalMinor: summary.openItemsTotalMinor.toString(),
    balance: decimal(summary.balanceMinor),
    credit: decimal(summary.creditMinor),
    openItemsTotal: decimal(summary.openItemsTotalMinor),
    ageing: Object.fromEntries(
      ageingBuckets.map((bucket) => [bucket, summary.ageing[bucket].toString()]),
    ) as Record<AgeingBucket, string>,
    ageingBuckets: ageingBuckets.map((bucket) => ({
      bucket,
      minDaysOverdue: ageingBucketDays[bucket].min,
      maxDaysOverdue: ageingBucketDays[bucket].max,
      itemCount: summary.openItems.filter((item) => item.ageingBucket === bucket).length,
      amountMinor: summary.ageing[bucket].toString(),
      amount: decimal(summary.ageing[bucket]),
    })),
    openItems: summary.openItems.map((item) => ({
      billId: item.billId,
      invoiceNumber: item.invoiceNumber,
      issueDate: item.issueDate,
      dueDate: item.dueDate,
      totalMinor: item.totalMinor.toString(),
      allocatedMinor: item.allocatedMinor.toString(),
      outstandingMinor: item.outstandingMinor.toString(),
      total: decimal(item.totalMinor),
      allocated: decimal(item.allocatedMinor),
      outstanding: decimal(item.outstandingMinor),
      daysOverdue: item.daysOverdue,
      ageingBucket: item.ageingBucket,
      settlements: item.settlements.map((settlement) => ({
        allocationId: settlement.allocationId,
        source: settlement.paymentId !== undefined ? ('payment' as const) : ('prepaid-vend' as const),
        paymentId: settlement.paymentId ?? null,
        vendId: settlement.vendId ?? null,
        settledOn: settlement.settledOn,
        reference: settlement.reference,
        amountMinor: settlement.amountMinor.toString(),
        amount: decimal(settlement.amountMinor),
      })),
    })),
  };
}
