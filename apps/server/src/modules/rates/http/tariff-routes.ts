import { z } from 'zod';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { addTariffVersion } from '../app/add-tariff-version.js';
import { createTariff } from '../app/create-tariff.js';
import { getTariff } from '../app/get-tariff.js';
import { importTariffFromUrdb } from '../app/import-urdb-tariff.js';
import { listTariffs, maxTariffPageSize } from '../db/list-tariffs.js';
import {
  addVersionBody,
  closedVersionSchema,
  createTariffBody,
  importUrdbBody,
  tariffSchema,
  tariffVersionSchema,
  tariffWithVersionsSchema,
} from './tariff-schemas.js';

const tariffParams = z.object({ tariffId: z.uuid() });

export const tariffRoutes: RoutePlugin = (app) => {
  app.get(
    '/v1/tariffs',
    {
      config: { permission: 'rates:read' },
      schema: {
        tags: ['rates'],
        summary: 'List tariffs in code order',
        querystring: z.object({
          service: z.enum(['electricity', 'gas', 'water']).optional(),
          afterCode: z.string().optional().describe('Code of the last tariff of the previous page'),
          limit: z.coerce.number().int().min(1).max(maxTariffPageSize).default(100),
        }),
        response: { 200: z.object({ items: z.array(tariffSchema), nextAfterCode: z.string().nullable() }) },
      },
    },
    (request) => listTariffs(request.db, request.context.companyId, request.query),
  );

  app.get(
    '/v1/tariffs/:tariffId',
    {
      config: { permission: 'rates:read' },
      schema: {
        tags: ['rates'],
        summary: 'Get a tariff with its versions',
        params: tariffParams,
        response: { 200: tariffWithVersionsSchema },
      },
    },
    (request) => getTariff(request.db, request.context.companyId, request.params.tariffId),
  );

  app.post(
    '/v1/tariffs',
    {
      config: { permission: 'rates:write' },
      schema: {
        tags: ['rates'],
        summary: 'Create a tariff with no versions',
        body: createTariffBody,
        response: { 201: tariffSchema },
      },
    },
    async (request, reply) => {
      const tariff = await createTariff(request.db, request.context, request.body);
      return reply.status(201).send(tariff);
    },
  );

  app.post(
    '/v1/tariffs/:tariffId/versions',
    {
      config: { permission: 'rates:write' },
      schema: {
        tags: ['rates'],
        summary: 'Add a version; an earlier open-ended version ends the day the new one starts',
        params: tariffParams,
        body: addVersionBody,
        response: { 201: z.object({ version: tariffVersionSchema, closedVersion: closedVersionSchema }) },
      },
    },
    async (request, reply) => {
      const result = await addTariffVersion(request.db, request.context, {
        tariffId: request.params.tariffId,
        ...request.body,
      });
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/v1/tariffs/urdb-imports',
    {
      config: { permission: 'rates:write' },
      schema: {
        tags: ['rates'],
        summary: 'Import a URDB rate as a tariff version',
        body: importUrdbBody,
        response: {
          201: z.object({
            tariff: tariffSchema,
            tariffCreated: z.boolean(),
            version: tariffVersionSchema,
            closedVersion: closedVersionSchema,
            warnings: z.array(z.object({ field: z.string(), message: z.string() })),
          }),
        },
      },
    },
    async (request, reply) => {
      const result = await importTariffFromUrdb(request.db, request.context, request.body);
      return reply.status(201).send(result);
    },
  );
};
