import { z } from 'zod';
import { sendCsv, type CsvColumn } from '../../../platform/http/csv.js';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { pageSchema } from '../../../platform/validation/page.js';
import { createServiceAgreement } from '../app/create-service-agreement.js';
import { endServiceAgreement } from '../app/end-service-agreement.js';
import { exportServiceAgreements } from '../app/export-service-agreements.js';
import { getServiceAgreement } from '../app/get-service-agreement.js';
import { listServiceAgreements } from '../app/list-service-agreements.js';
import {
  createServiceAgreementInputSchema,
  endServiceAgreementInputSchema,
  listServiceAgreementsQuerySchema,
  serviceAgreementSchema,
} from '../domain/service-agreement-schemas.js';
import type { ServiceAgreement } from '../domain/service-agreement.js';

const idParams = z.object({ id: z.uuid() });

/** Service agreements: /v1/agreements. */
const agreementCsvColumns: CsvColumn<ServiceAgreement>[] = [
  { header: 'id', value: (agreement) => agreement.id },
  { header: 'accountId', value: (agreement) => agreement.accountId },
  { header: 'servicePointId', value: (agreement) => agreement.servicePointId },
  { header: 'tariffId', value: (agreement) => agreement.tariffId },
  { header: 'paymentMode', value: (agreement) => agreement.paymentMode },
  { header: 'startOn', value: (agreement) => agreement.startOn },
  { header: 'endOn', value: (agreement) => agreement.endOn },
  { header: 'createdAt', value: (agreement) => agreement.createdAt },
];

export const agreementRoutes: RoutePlugin = (app, { csvExportMaxRows }) => {
  app.get(
    '/v1/agreements',
    {
      config: { permission: 'agreements:read' },
      schema: {
        tags: ['agreements'],
        summary:
          'List service agreements by account, service point, tariff, payment mode or dates; sorted, paged or as CSV',
        querystring: listServiceAgreementsQuerySchema,
        response: { 200: pageSchema(serviceAgreementSchema) },
      },
    },
    async (request, reply) => {
      if (request.query.format === 'json') {
        return listServiceAgreements(request.db, request.context, request.query);
      }
      return sendCsv(reply, {
        fileName: 'agreements.csv',
        columns: agreementCsvColumns,
        batches: await exportServiceAgreements(request.db, request.context, request.query, csvExportMaxRows),
      });
    },
  );

  app.post(
    '/v1/agreements',
    {
      config: { permission: 'agreements:write' },
      schema: {
        tags: ['agreements'],
        summary: 'Create a service agreement; agreements of one service point never overlap',
        body: createServiceAgreementInputSchema,
        response: { 201: serviceAgreementSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createServiceAgreement(request.db, request.context, request.body)),
  );

  app.get(
    '/v1/agreements/:id',
    {
      config: { permission: 'agreements:read' },
      schema: {
        tags: ['agreements'],
        summary: 'Get a service agreement',
        params: idParams,
        response: { 200: serviceAgreementSchema },
      },
    },
    (request) => getServiceAgreement(request.db, request.context, request.params.id),
  );

  app.post(
    '/v1/agreements/:id/end',
    {
      config: { permission: 'agreements:write' },
      schema: {
        tags: ['agreements'],
        summary: 'End a service agreement on the first day no longer supplied',
        params: idParams,
        body: endServiceAgreementInputSchema,
        response: { 200: serviceAgreementSchema },
      },
    },
    (request) => endServiceAgreement(request.db, request.context, request.params.id, request.body),
  );
};
