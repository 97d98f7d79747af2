import { z } from 'zod';
import { sendCsv, type CsvColumn } from '../../../platform/http/csv.js';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { pageSchema } from '../../../platform/validation/page.js';
import { addTariffVersion } from '../app/add-tariff-version.js';
import { createTariff } from '../app/create-tariff.js';
import { exportTariffs } from '../app/export-tariffs.js';
import { getTariff } from '../app/get-tariff.js';
import { importTariffFromUrdb } from '../app/import-urdb-tariff.js';
import { listTariffPage } from '../app/list-tariff-page.js';
import type { Tariff } from '../domain/tariff.js';
import { listTariffsQuerySchema } from '../domain/tariff-list-schemas.js';
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

const tariffCsvColumns: CsvColumn<Tariff>[] = [
  { header: 'id', value: (tariff) => tariff.id },
  { header: 'code', value: (tariff) => tariff.code },
  { header: 'name', value: (tariff) => tariff.name },
  { header: 'service', value: (tariff) => tariff.service },
  { header: 'source', value: (tariff) => tariff.source },
  { header: 'sourceReference', value: (tariff) => tariff.sourceReference },
  { header: 'createdAt', value: (tariff) => tariff.createdAt },
];

export const tariffRoutes: RoutePlugin = (app, { csvExportMaxRows }) => {
  app.get(
    '/v1/tariffs',
    {
      config: { permission: 'rates:read' },
      schema: {
        tags: ['rates'],
        summary: 'List tariffs by service or a code or name fragment, in code order; sorted, paged or as CSV',
        querystring: listTariffsQuerySchema,
        response: { 200: pageSchema(tariffSchema) },
      },
    },
    async (request, reply) => {
      const { companyId } = request.context;
      if (request.query.format === 'json') return listTariffPage(request.db, companyId, request.query);
      return sendCsv(reply, {
        fileName: 'tariffs.csv',
        columns: tariffCsvColumns,
        batches: await exportTariffs(request.db, companyId, request.query, csvExportMaxRows),
      });
    },
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
