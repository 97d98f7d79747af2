import { explainInvalidDate } from '@open-cis/rating';
import { Readable } from 'node:stream';
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { invalidInput, notFound, ruleViolation } from '../../../platform/errors/app-error.js';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { getCompany } from '../../companies/index.js';
import { importIntervalData } from '../app/import-interval-data.js';
import { recordRegisterRead } from '../app/record-register-read.js';
import { findServicePoint } from '../db/find-service-point.js';
import { listChannelsOfServicePoint } from '../db/interval-channels.js';
import { listIntervalBuckets } from '../db/list-interval-buckets.js';
import { listRegisterReads } from '../db/list-register-reads.js';
import {
  bucketQuery,
  bucketResponse,
  intervalImportBody,
  intervalImportResult,
  listReadsQuery,
  recordReadBody,
  registerReadSchema,
} from './reading-schemas.js';

// A year of 15-minute Green Button data for one meter is about 7 MB of XML.
const intervalImportBodyLimitBytes = 64 * 1024 * 1024;
const maxBucketDays = 400;

export const readingRoutes: RoutePlugin = (app) => {
  app.post(
    '/v1/register-reads',
    {
      config: { permission: 'readings:write' },
      schema: {
        tags: ['readings'],
        summary: 'Record a register read; a read that goes backwards is stored as suspect',
        body: recordReadBody,
        response: {
          200: z.object({ read: registerReadSchema, created: z.literal(false) }),
          201: z.object({ read: registerReadSchema, created: z.literal(true) }),
        },
      },
    },
    async (request, reply) => {
      const { read, created } = await recordRegisterRead(request.db, request.context, request.body);
      return created ? reply.status(201).send({ read, created }) : reply.status(200).send({ read, created });
    },
  );

  app.get(
    '/v1/register-reads',
    {
      config: { permission: 'readings:read' },
      schema: {
        tags: ['readings'],
        summary: 'List the reads of a register or of a service point, newest first',
        querystring: listReadsQuery,
        response: { 200: z.object({ items: z.array(registerReadSchema) }) },
      },
    },
    async (request) => {
      const { registerId, servicePointId, ...range } = request.query;
      const filter =
        registerId !== undefined
          ? { registerId, ...range }
          : { servicePointId: servicePointId ?? '', ...range };
      return { items: await listRegisterReads(request.db, request.context.companyId, filter) };
    },
  );

  app.post(
    '/v1/interval-imports',
    {
      config: { permission: 'readings:write' },
      bodyLimit: intervalImportBodyLimitBytes,
      schema: {
        tags: ['readings'],
        summary: 'Import interval data from a Green Button feed or an interval CSV',
        body: intervalImportBody,
        response: { 200: intervalImportResult },
      },
    },
    async (request) => {
      const { document, format, servicePointId, marketIds, onError, onDuplicate } = request.body;
      const result = await importIntervalData(request.db, request.context, {
        source: Readable.from([document]),
        format,
        mapping: { servicePointId, marketIds },
        onError,
        onDuplicate,
      });
      if (result.status === 'rolled-back') {
        throw ruleViolation(
          'READINGS.IMPORT_ROLLED_BACK',
          `The import was rolled back and nothing was written: ${result.problems[0]?.message ?? 'the file could not be read'}`,
          result.problems.map((problem) => ({
            path: `document.line[${problem.line}]${problem.field ? `.${problem.field}` : ''}`,
            message: problem.message,
          })),
        );
      }
      return result;
    },
  );

  app.get(
    '/v1/service-points/:servicePointId/interval-data',
    {
      config: { permission: 'readings:read' },
      schema: {
        tags: ['readings'],
        summary: "Interval data of a service point's channels, totalled by local day or hour",
        params: z.object({ servicePointId: z.uuid() }),
        querystring: bucketQuery,
        response: { 200: bucketResponse },
      },
    },
    async (request) => {
      const company = await getCompany(request.db, request.context.companyId);
      const servicePointId = request.params.servicePointId;
      if (!(await findServicePoint(request.db, company.id, servicePointId))) {
        throw notFound(
          'READINGS.SERVICE_POINT_NOT_FOUND',
          `Service point ${servicePointId} does not exist in this company.`,
        );
      }
      const from = parseDay('from', request.query.from);
      const to = parseDay('to', request.query.to);
      const days = from.until(to, { largestUnit: 'days' }).days;
      if (days < 1 || days > maxBucketDays) {
        throw invalidInput(
          'READINGS.INVALID_RANGE',
          `from ${from.toString()} to ${to.toString()} must span 1 to ${maxBucketDays} days.`,
          [{ path: 'to', message: `expected a day 1 to ${maxBucketDays} days after from` }],
        );
      }
      const buckets = await listIntervalBuckets(
        request.db,
        request.context.companyId,
        request.params.servicePointId,
        {
          bucket: request.query.bucket,
          timeZone: company.timeZone,
          from: from.toZonedDateTime(company.timeZone).toInstant(),
          to: to.toZonedDateTime(company.timeZone).toInstant(),
        },
      );
      const channels = await listChannelsOfServicePoint(request.db, company.id, servicePointId);
      return {
        timeZone: company.timeZone,
        channels: channels.map(({ id, name, unit, intervalSeconds }) => ({
          id,
          name,
          unit,
          intervalSeconds,
        })),
        buckets,
      };
    },
  );
};

function parseDay(path: string, text: string): Temporal.PlainDate {
  try {
    return Temporal.PlainDate.from(text);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw invalidInput('READINGS.INVALID_RANGE', `${path}: ${explainInvalidDate(text)}.`, [
      { path, message: 'expected a date as YYYY-MM-DD' },
    ]);
  }
}
