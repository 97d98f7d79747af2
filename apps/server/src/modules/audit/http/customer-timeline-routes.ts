import { z } from 'zod';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { listCustomerTimeline, timelineQuerySchema } from '../app/list-customer-timeline.js';
import { auditEventSchema } from './audit-routes.js';

export const customerTimelineRoutes: RoutePlugin = (app) => {
  app.get(
    '/v1/customers/:id/timeline',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags: ['audit'],
        summary:
          "A customer's activity from the audit trail, newest first: the customer, its accounts, and their agreements, bills and payments",
        description:
          'Values of records the key may not read (bills without billing:read, payments without payments:read, and so on) are null, with redacted set.',
        params: z.object({ id: z.uuid() }),
        querystring: timelineQuerySchema,
        response: {
          200: z.object({
            items: z.array(auditEventSchema),
            nextBefore: z.uuid().nullable().describe('Pass as `before` for the next page; null on the last'),
          }),
        },
      },
    },
    (request) => listCustomerTimeline(request.db, request.context, request.params.id, request.query),
  );
};
