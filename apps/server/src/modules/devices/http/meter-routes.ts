import { z } from 'zod';
import { sendCsv, type CsvColumn } from '../../../platform/http/csv.js';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { pageSchema } from '../../../platform/validation/page.js';
import { exchangeMeter } from '../app/exchange-meter.js';
import { exportMeters } from '../app/export-meters.js';
import { getMeter } from '../app/get-meter.js';
import { installMeter } from '../app/install-meter.js';
import { listMeterInstallations } from '../app/list-meter-installations.js';
import { listMeters } from '../app/list-meters.js';
import { registerMeter } from '../app/register-meter.js';
import { removeMeter } from '../app/remove-meter.js';
import {
  exchangeMeterInputSchema,
  installMeterInputSchema,
  listMetersQuerySchema,
  meterInstallationSchema,
  meterSchema,
  registerMeterInputSchema,
  removeMeterInputSchema,
} from '../domain/meter-schemas.js';
import type { Meter } from '../domain/meter.js';

const idParams = z.object({ id: z.uuid() });

/** Meters, their registers and installations: /v1/meters and /v1/meter-installations. */
const meterCsvColumns: CsvColumn<Meter>[] = [
  { header: 'id', value: (meter) => meter.id },
  { header: 'serialNumber', value: (meter) => meter.serialNumber },
  { header: 'service', value: (meter) => meter.service },
  { header: 'status', value: (meter) => meter.status },
  { header: 'manufacturer', value: (meter) => meter.manufacturer },
  { header: 'model', value: (meter) => meter.model },
  {
    header: 'registers',
    value: (meter) => meter.registers.map((register) => `${register.code} ${register.unit}`).join('; '),
  },
];

export const meterRoutes: RoutePlugin = (app, { csvExportMaxRows }) => {
  app.get(
    '/v1/meters',
    {
      config: { permission: 'devices:read' },
      schema: {
        tags: ['devices'],
        summary:
          'List meters with their registers, filtered by serial number prefix, service or status; sorted, paged or as CSV',
        querystring: listMetersQuerySchema,
        response: { 200: pageSchema(meterSchema) },
      },
    },
    async (request, reply) => {
      if (request.query.format === 'json') return listMeters(request.db, request.context, request.query);
      return sendCsv(reply, {
        fileName: 'meters.csv',
        columns: meterCsvColumns,
        batches: await exportMeters(request.db, request.context, request.query, csvExportMaxRows),
      });
    },
  );

  app.post(
    '/v1/meters',
    {
      config: { permission: 'devices:write' },
      schema: {
        tags: ['devices'],
        summary: 'Register a meter and its registers in the inventory',
        body: registerMeterInputSchema,
        response: { 201: meterSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await registerMeter(request.db, request.context, request.body)),
  );

  app.get(
    '/v1/meters/:id',
    {
      config: { permission: 'devices:read' },
      schema: {
        tags: ['devices'],
        summary: 'Get a meter with its registers and installation history',
        params: idParams,
        response: { 200: meterSchema.extend({ installations: z.array(meterInstallationSchema) }) },
      },
    },
    (request) => getMeter(request.db, request.context, request.params.id),
  );

  app.get(
    '/v1/meter-installations',
    {
      config: { permission: 'devices:read' },
      schema: {
        tags: ['devices'],
        summary: 'List the installations of a meter or at a service point, oldest first',
        querystring: z.object({ meterId: z.uuid().optional(), servicePointId: z.uuid().optional() }),
        response: { 200: z.object({ items: z.array(meterInstallationSchema) }) },
      },
    },
    async (request) => ({ items: await listMeterInstallations(request.db, request.context, request.query) }),
  );

  app.post(
    '/v1/meter-installations',
    {
      config: { permission: 'devices:write' },
      schema: {
        tags: ['devices'],
        summary: 'Install a meter at a service point with the install read of each register',
        body: installMeterInputSchema,
        response: { 201: meterInstallationSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await installMeter(request.db, request.context, request.body)),
  );

  app.post(
    '/v1/meter-removals',
    {
      config: { permission: 'devices:write' },
      schema: {
        tags: ['devices'],
        summary: 'Remove an installed meter with the removal read of each register',
        body: removeMeterInputSchema,
        response: { 200: meterInstallationSchema },
      },
    },
    (request) => removeMeter(request.db, request.context, request.body),
  );

  app.post(
    '/v1/meter-exchanges',
    {
      config: { permission: 'devices:write' },
      schema: {
        tags: ['devices'],
        summary: 'Replace the meter at a service point on one day (removal and installation together)',
        body: exchangeMeterInputSchema,
        response: { 200: z.object({ removed: meterInstallationSchema, installed: meterInstallationSchema }) },
      },
    },
    (request) => exchangeMeter(request.db, request.context, request.body),
  );
};
