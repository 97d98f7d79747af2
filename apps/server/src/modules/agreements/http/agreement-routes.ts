import { z } from 'zod';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { pageSchema } from '../../../platform/validation/page.js';
import { createServiceAgreement } from '../app/create-service-agreement.js';
import { endServiceAgreement } from '../app/end-service-agreement.js';
import { getServiceAgreement } from '../app/get-service-agreement.js';
import { listServiceAgreements } from '../app/list-service-agreements.js';
import {
  createServiceAgreementInputSchema,
  endServiceAgreementInputSchema,
  listServiceAgreementsQuerySchema,
  serviceAgreementSchema,
} from '../domain/service-agreement-schemas.js';

const idParams = z.object({ id: z.uuid() });

/** Service agreements: /v1/agreements. */
export const agreementRoutes: RoutePlugin = (app) => {
  app.get(
    '/v1/agreements',
    {
      config: { permission: 'agreements:read' },
      schema: {
        tags: ['agreements'],
        summary: 'List service agreements by account, service point, tariff or the day they are in force',
        querystring: listServiceAgreementsQuerySchema,
        response: { 200: pageSchema(serviceAgreementSchema) },
      },
    },
    (request) => listServiceAgreements(request.db, request.context, request.query),
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
