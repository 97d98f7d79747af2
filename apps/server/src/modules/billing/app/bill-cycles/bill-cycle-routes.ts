import { z } from 'zod';
import type { RoutePlugin } from '../../../../platform/http/http-app.js';
import { billCycleSchema, createBillCycleInputSchema } from './bill-cycle-schemas.js';
import { createBillCycle } from './create-bill-cycle.js';
import { listBillCycles } from './list-bill-cycles.js';

/** Bill cycles: /v1/bill-cycles. */
export const billCycleRoutes: RoutePlugin = (app) => {
  app.get(
    '/v1/bill-cycles',
    {
      config: { permission: 'billing:read' },
      schema: {
        tags: ['billing'],
        summary: "List the company's bill cycles by code",
        response: { 200: z.object({ items: z.array(billCycleSchema) }) },
      },
    },
    async (request) => ({ items: await listBillCycles(request.db, request.context) }),
  );

  app.post(
    '/v1/bill-cycles',
    {
      config: { permission: 'billing:write' },
      schema: {
        tags: ['billing'],
        summary: 'Create a bill cycle; its code is unique in the company',
        body: createBillCycleInputSchema,
        response: { 201: billCycleSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createBillCycle(request.db, request.context, request.body)),
  );
};
