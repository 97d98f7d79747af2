import { z } from 'zod';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { erasePersonalData } from '../app/erase-personal-data.js';
import { exportPersonalData } from '../app/export-personal-data.js';

const idParams = z.object({ id: z.uuid() });

/** Subject access and erasure requests for one customer: /v1/customers/:id/personal-data. */
export const privacyRoutes: RoutePlugin = (app) => {
  app.get(
    '/v1/customers/:id/personal-data',
    {
      config: { permission: 'privacy:read' },
      schema: {
        tags: ['customers'],
        summary: 'Export everything held about a customer (a subject access request); the export is audited',
        params: idParams,
        response: { 200: z.record(z.string(), z.unknown()) },
      },
    },
    (request) => exportPersonalData(request.db, request.context, request.params.id),
  );

  app.post(
    '/v1/customers/:id/erasure',
    {
      config: { permission: 'privacy:write' },
      schema: {
        tags: ['customers'],
        summary:
          "Erase a customer's personal data, keeping issued invoices, the ledger and the identity those invoices show",
        params: idParams,
        body: z.object({ reason: z.string().min(1).max(500).describe('Why, such as the request reference') }),
        response: {
          200: z.object({
            erasedFields: z.array(z.string()),
            keptForInvoices: z.boolean(),
            loginsErased: z.number().int(),
          }),
        },
      },
    },
    (request) => erasePersonalData(request.db, request.context, request.params.id, request.body.reason),
  );
};
