import { z } from 'zod';
import { csvDecimal, sendCsv, type CsvColumn } from '../../../platform/http/csv.js';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { pageSchema } from '../../../platform/validation/page.js';
import { createPremise } from '../app/create-premise.js';
import { createServicePoint } from '../app/create-service-point.js';
import { exportPremises } from '../app/export-premises.js';
import { exportServicePoints } from '../app/export-service-points.js';
import { getPremise } from '../app/get-premise.js';
import { getServicePoint } from '../app/get-service-point.js';
import { listPremises } from '../app/list-premises.js';
import { listServicePoints } from '../app/list-service-points.js';
import { updatePremise } from '../app/update-premise.js';
import {
  createPremiseInputSchema,
  createServicePointInputSchema,
  listPremisesQuerySchema,
  listServicePointsQuerySchema,
  premiseSchema,
  premiseWithServicePointsSchema,
  servicePointSchema,
  updatePremiseInputSchema,
} from '../domain/premise-schemas.js';
import type { Premise, ServicePoint } from '../domain/premise.js';

const idParams = z.object({ id: z.uuid() });

/** Premises and service points: /v1/premises and /v1/service-points. */
const premiseCsvColumns: CsvColumn<Premise>[] = [
  { header: 'id', value: (premise) => premise.id },
  { header: 'addressLine1', value: (premise) => premise.addressLine1 },
  { header: 'addressLine2', value: (premise) => premise.addressLine2 },
  { header: 'city', value: (premise) => premise.city },
  { header: 'postalCode', value: (premise) => premise.postalCode },
  { header: 'region', value: (premise) => premise.region },
  { header: 'country', value: (premise) => premise.country },
  { header: 'latitude', value: (premise) => csvDecimal(premise.location?.latitude) },
  { header: 'longitude', value: (premise) => csvDecimal(premise.location?.longitude) },
];

const servicePointCsvColumns: CsvColumn<ServicePoint>[] = [
  { header: 'id', value: (point) => point.id },
  { header: 'premiseId', value: (point) => point.premiseId },
  { header: 'service', value: (point) => point.service },
  { header: 'marketId', value: (point) => point.marketId },
];

export const premiseRoutes: RoutePlugin = (app, { csvExportMaxRows }) => {
  app.get(
    '/v1/premises',
    {
      config: { permission: 'premises:read' },
      schema: {
        tags: ['premises'],
        summary: 'List premises, filtered by an address fragment or country; sorted, paged or as CSV',
        querystring: listPremisesQuerySchema,
        response: { 200: pageSchema(premiseSchema) },
      },
    },
    async (request, reply) => {
      if (request.query.format === 'json') return listPremises(request.db, request.context, request.query);
      return sendCsv(reply, {
        fileName: 'premises.csv',
        columns: premiseCsvColumns,
        batches: await exportPremises(request.db, request.context, request.query, csvExportMaxRows),
      });
    },
  );

  app.post(
    '/v1/premises',
    {
      config: { permission: 'premises:write' },
      schema: {
        tags: ['premises'],
        summary: 'Create a premise from its address and optional geo point',
        body: createPremiseInputSchema,
        response: { 201: premiseSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createPremise(request.db, request.context, request.body)),
  );

  app.get(
    '/v1/premises/:id',
    {
      config: { permission: 'premises:read' },
      schema: {
        tags: ['premises'],
        summary: 'Get a premise with its service points',
        params: idParams,
        response: { 200: premiseWithServicePointsSchema },
      },
    },
    (request) => getPremise(request.db, request.context, request.params.id),
  );

  app.patch(
    '/v1/premises/:id',
    {
      config: { permission: 'premises:write' },
      schema: {
        tags: ['premises'],
        summary: 'Correct a premise address or geo point; null clears an optional field',
        params: idParams,
        body: updatePremiseInputSchema,
        response: { 200: premiseSchema },
      },
    },
    (request) => updatePremise(request.db, request.context, request.params.id, request.body),
  );

  app.get(
    '/v1/service-points',
    {
      config: { permission: 'premises:read' },
      schema: {
        tags: ['premises'],
        summary: 'List service points, filtered by premise, service or market id; sorted, paged or as CSV',
        querystring: listServicePointsQuerySchema,
        response: { 200: pageSchema(servicePointSchema) },
      },
    },
    async (request, reply) => {
      if (request.query.format === 'json') {
        return listServicePoints(request.db, request.context, request.query);
      }
      return sendCsv(reply, {
        fileName: 'service-points.csv',
        columns: servicePointCsvColumns,
        batches: await exportServicePoints(request.db, request.context, request.query, csvExportMaxRows),
      });
    },
  );

  app.post(
    '/v1/service-points',
    {
      config: { permission: 'premises:write' },
      schema: {
        tags: ['premises'],
        summary: 'Create the service point of one service at a premise',
        body: createServicePointInputSchema,
        response: { 201: servicePointSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createServicePoint(request.db, request.context, request.body)),
  );

  app.get(
    '/v1/service-points/:id',
    {
      config: { permission: 'premises:read' },
      schema: {
        tags: ['premises'],
        summary: 'Get a service point',
        params: idParams,
        response: { 200: servicePointSchema },
      },
    },
    (request) => getServicePoint(request.db, request.context, request.params.id),
  );
};
