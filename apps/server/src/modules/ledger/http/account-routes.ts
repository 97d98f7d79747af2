import { z } from 'zod';
import { plainDateSchema } from '../../../platform/validation/plain-date-schema.js';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { getAccountStatement } from '../app/get-account-statement.js';
import { getAccountSummary } from '../app/get-account-summary.js';
import { listPostings, maxPostingPageSize } from '../app/list-postings.js';
import { balanceSchema, toAccountBalanceJson } from './account-balance-json.js';
import { minorAmount } from './money-schemas.js';

const accountParams = z.object({ id: z.uuid() });

const postingSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum([
      'bill',
      'credit-note',
      'payment',
      'payment-reversal',
      'adjustment',
      'vend',
      'vend-reversal',
    ]),
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
        summary: "An account's balance, credit and open items with ageing, in minor units and decimals",
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
      return toAccountBalanceJson(summary);
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
