import { z } from 'zod';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { listAccountTimeline, listCustomerTimeline, timelineQuerySchema } from '../app/list-timeline.js';
import { auditEventSchema } from './audit-routes.js';

const recordSummarySchema = z
  .object({
    reference: z
      .string()
      .nullable()
      .describe(
        "A bill's invoice number, an account's number, the invoice number an allocation pays, or a prepaid vend's transaction reference",
      ),
    kind: z.string().nullable().describe("A bill's kind: invoice or credit-note"),
    date: z
      .string()
      .nullable()
      .describe(
        "YYYY-MM-DD: a bill's issue date, a payment's received-on day (also for its allocations), an agreement's or allowance's start, a vend's accounting date",
      ),
    amountMinor: z
      .string()
      .nullable()
      .describe(
        "A bill's total, a payment's or allocation's amount, or a vend's tendered amount, in minor units",
      ),
    currency: z.string().nullable(),
    paymentId: z.uuid().nullable().describe('The payment that an allocation belongs to'),
  })
  .meta({ id: 'TimelineRecord' });

const timelineEventSchema = auditEventSchema
  .extend({
    record: recordSummarySchema
      .nullable()
      .describe("What the record is, such as a payment's day and amount; null when redacted"),
  })
  .meta({ id: 'TimelineEvent' });

const timelinePageSchema = z.object({
  items: z.array(timelineEventSchema),
  nextBefore: z.uuid().nullable().describe('Pass as `before` for the next page; null on the last'),
});

const redactionNote =
  'Values and record summaries of records the key may not read (bills without billing:read, payments without payments:read, and so on) are null, with redacted set.';

export const timelineRoutes: RoutePlugin = (app) => {
  app.get(
    '/v1/customers/:id/timeline',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags: ['audit'],
        summary:
          "A customer's activity from the audit trail, newest first: the customer, its accounts, and their agreements, bills, payments and vends",
        description: redactionNote,
        params: z.object({ id: z.uuid() }),
        querystring: timelineQuerySchema,
        response: { 200: timelinePageSchema },
      },
    },
    (request) => listCustomerTimeline(request.db, request.context, request.params.id, request.query),
  );

  app.get(
    '/v1/accounts/:id/timeline',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags: ['audit'],
        summary:
          "An account's activity from the audit trail, newest first: the account and its agreements, bills, payments and vends",
        description: redactionNote,
        params: z.object({ id: z.uuid() }),
        querystring: timelineQuerySchema,
        response: { 200: timelinePageSchema },
      },
    },
    (request) => listAccountTimeline(request.db, request.context, request.params.id, request.query),
  );
};
