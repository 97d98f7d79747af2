import { z } from 'zod';
import { plainDateSchema } from '../../../platform/validation/plain-date-schema.js';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { getAccountStatement } from '../app/get-account-statement.js';
import { getAccountSummary } from '../app/get-account-summary.js';
import { listPostings, maxPostingPageSize } from '../app/list-postings.js';
import { ageingBuckets, type AgeingBucket } from '../domain/ageing.js';

/** Amounts travel as strings of minor units ("12345" is 123.45 EUR), never as JSON numbers. */
const minorAmount = z
  .string()
  .regex(/^-?\d+$/)
  .describe('Amount in minor units of the currency, as a string');

const accountParams = z.object({ id: z.uuid() });

const openItemSchema = z
  .object({
    billId: z.uuid(),
    invoiceNumber: z.string(),
    issueDate: z.iso.date(),
    dueDate: z.iso.date(),
    totalMinor: minorAmount,
    allocatedMinor: minorAmount,
    outstandingMinor: minorAmount,
    daysOverdue: z.number().int(),
    ageingBucket: z.enum(ageingBuckets),
  })
  .meta({ id: 'OpenItem' });

const balanceSchema = z
  .object({
    accountId: z.uuid(),
    accountNumber: z.string(),
    currency: z.string().length(3),
    asOf: z.iso.date(),
    balanceMinor: minorAmount.describe('Sum of the receivable postings: positive means the customer owes'),
    creditMinor: minorAmount.describe('Payments not allocated to an open item'),
    openItemsTotalMinor: minorAmount,
    ageing: z.record(z.enum(ageingBuckets), minorAmount).describe('Open amount per ageing bucket'),
    openItems: z.array(openItemSchema),
  })
  .meta({ id: 'AccountBalance' });

const postingSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['bill', 'credit-note', 'payment', 'payment-reversal', 'adjustment']),
    sourceId: z.uuid(),
    accountingDate: z.iso.date(),
    description: z.string(),
    currency: z.string().length(3),
    postedAt: z.iso.datetime(),
    receivableMinor: minorAmount.describe("What the posting adds to the account's balance"),
    lines: z.array(
      z.object({
        lineNumber: z.number().int(),
        ledgerAccount: z.string(),
        accountId: z.uuid().nullable(),
        amountMinor: minorAmount.describe('Debit positive, credit negative'),
      }),
    ),
  })
  .meta({ id: 'Posting' });

const statementSchema = z
  .object({
    accountId: z.uuid(),
    currency: z.string().length(3),
    from: z.iso.date().nullable(),
    to: z.iso.date().nullable(),
    openingBalanceMinor: minorAmount,
    closingBalanceMinor: minorAmount,
    entries: z.array(
      z.object({
        postingId: z.uuid(),
        kind: z.string(),
        sourceId: z.uuid(),
        accountingDate: z.iso.date(),
        description: z.string(),
        amountMinor: minorAmount,
        runningBalanceMinor: minorAmount,
      }),
    ),
  })
  .meta({ id: 'AccountStatement' });

export const accountLedgerRoutes: RoutePlugin = (app) => {
  app.get(
    '/v1/accounts/:id/balance',
    {
      config: { permission: 'ledger:read' },
      schema: {
        tags: ['ledger'],
        summary: "An account's balance, credit and open items with ageing",
        params: accountParams,
        querystring: z.object({
          asOf: plainDateSchema
            .optional()
            .describe("Date to age open items on; defaults to today in the company's time zone"),
        }),
        response: { 200: balanceSchema },
      },
    },
    async (request) => {
      const summary = await getAccountSummary(
        request.db,
        request.context.companyId,
        request.params.id,
        request.query.asOf,
      );
      return {
        accountId: summary.account.accountId,
        accountNumber: summary.account.accountNumber,
        currency: summary.account.currency,
        asOf: summary.asOf,
        balanceMinor: summary.balanceMinor.toString(),
        creditMinor: summary.creditMinor.toString(),
        openItemsTotalMinor: summary.openItemsTotalMinor.toString(),
        ageing: Object.fromEntries(
          ageingBuckets.map((bucket) => [bucket, summary.ageing[bucket].toString()]),
        ) as Record<AgeingBucket, string>,
        openItems: summary.openItems.map((item) => ({
          billId: item.billId,
          invoiceNumber: item.invoiceNumber,
          issueDate: item.issueDate,
          dueDate: item.dueDate,
          totalMinor: item.totalMinor.toString(),
          allocatedMinor: item.allocatedMinor.toString(),
          outstandingMinor: item.outstandingMinor.toString(),
          daysOverdue: item.daysOverdue,
          ageingBucket: item.ageingBucket,
        })),
      };
    },
  );

  app.get(
    '/v1/accounts/:id/postings',
    {
      config: { permission: 'ledger:read' },
      schema: {
        tags: ['ledger'],
        summary: "An account's ledger postings with their lines, oldest first",
        params: accountParams,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(maxPostingPageSize).default(50),
          cursor: z.uuid().optional().describe('nextCursor of the previous page'),
        }),
        response: { 200: z.object({ items: z.array(postingSchema), nextCursor: z.uuid().nullable() }) },
      },
    },
    async (request) => {
      const page = await listPostings(
        request.db,
        request.context.companyId,
        request.params.id,
        request.query,
      );
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((posting) => ({
          ...posting,
          receivableMinor: posting.receivableMinor.toString(),
          lines: posting.lines.map((line) => ({ ...line, amountMinor: line.amountMinor.toString() })),
        })),
      };
    },
  );

  app.get(
    '/v1/accounts/:id/statement',
    {
      config: { permission: 'ledger:read' },
      schema: {
        tags: ['ledger'],
        summary: "An account's statement: postings in date order with the running balance",
        params: accountParams,
        querystring: z.object({
          from: plainDateSchema.optional().describe('First accounting date, inclusive'),
          to: plainDateSchema.optional().describe('Last accounting date, inclusive'),
        }),
        response: { 200: statementSchema },
      },
    },
    async (request) => {
      const statement = await getAccountStatement(
        request.db,
        request.context.companyId,
        request.params.id,
        request.query,
      );
      return {
        ...statement,
        openingBalanceMinor: statement.openingBalanceMinor.toString(),
        closingBalanceMinor: statement.closingBalanceMinor.toString(),
        entries: statement.entries.map((entry) => ({
          ...entry,
          amountMinor: entry.amountMinor.toString(),
          runningBalanceMinor: entry.runningBalanceMinor.toString(),
        })),
      };
    },
  );
};
