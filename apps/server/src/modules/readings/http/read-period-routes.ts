import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { invalidInput } from '../../../platform/errors/app-error.js';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { plainDateSchema } from '../../../platform/validation/plain-date-schema.js';
import { getCompany } from '../../companies/index.js';
import {
  listMeterReadPeriods,
  listServicePointReadPeriods,
  type ReadWindow,
} from '../app/list-read-periods.js';

// Ten years of daily smart meter reads is about 3,650 reads a register.
const maxWindowDays = 3660;
const defaultWindowYears = 2;

const windowQuery = z.object({
  from: plainDateSchema.optional().describe('First read day, included; defaults to two years before to'),
  to: plainDateSchema
    .optional()
    .describe("Last read day, included; defaults to today in the company's time zone"),
});

const readHistorySchema = z
  .object({
    servicePointId: z.uuid(),
    meterId: z.uuid(),
    meterSerial: z.string(),
    installedOn: z.iso.date(),
    removedOn: z.iso.date().nullable(),
    registerId: z.uuid(),
    code: z.string(),
    kind: z.enum(['consumption', 'demand']),
    unit: z.string(),
    dials: z.number().int(),
    multiplier: z.string(),
    touPeriod: z.string().nullable(),
    reads: z.array(
      z.object({
        id: z.uuid(),
        readOn: z.iso.date(),
        value: z.string().describe('Dials as read, before the multiplier'),
        kind: z.enum(['actual', 'estimated', 'customer', 'install', 'removal']),
        status: z.enum(['valid', 'suspect']),
        statusReason: z.string().nullable(),
      }),
    ),
    periods: z.array(
      z.object({
        start: z.iso.date().describe('Day of the read the period starts on'),
        end: z.iso.date().describe('Day of the read the period ends on'),
        days: z.number().int(),
        startReadId: z.uuid(),
        endReadId: z.uuid(),
        quantity: z
          .string()
          .nullable()
          .describe(
            'Use in the register unit: dial advance × multiplier, or the demand read × multiplier for a demand register; null unless measured',
          ),
        status: z.enum(['measured', 'backwards', 'invalid']),
        rolledOver: z.boolean(),
        estimated: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'RegisterReadHistory' });

/** Body of GET /v1/meters/:id/reads and /v1/service-points/:servicePointId/reads. */
export const readHistoryResponse = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  registers: z.array(readHistorySchema),
});

/** Reads of a meter or a service point with the use between them, for charts: /v1/…/reads. */
export const readPeriodRoutes: RoutePlugin = (app) => {
  app.get(
    '/v1/meters/:id/reads',
    {
      config: { permission: 'readings:read' },
      schema: {
        tags: ['readings'],
        summary: "A meter's reads by register and installation, with the use between consecutive reads",
        params: z.object({ id: z.uuid() }),
        querystring: windowQuery,
        response: { 200: readHistoryResponse },
      },
    },
    async (request) => {
      const window = await readWindow(request.db, request.context.companyId, request.query);
      const registers = await listMeterReadPeriods(request.db, request.context, request.params.id, window);
      return { ...window, registers };
    },
  );

  app.get(
    '/v1/service-points/:servicePointId/reads',
    {
      config: { permission: 'readings:read' },
      schema: {
        tags: ['readings'],
        summary: 'The reads of the meters at a service point, with the use between consecutive reads',
        params: z.object({ servicePointId: z.uuid() }),
        querystring: windowQuery,
        response: { 200: readHistoryResponse },
      },
    },
    async (request) => {
      const { companyId } = request.context;
      const window = await readWindow(request.db, companyId, request.query);
      const registers = await listServicePointReadPeriods(
        request.db,
        companyId,
        request.params.servicePointId,
        window,
      );
      return { ...window, registers };
    },
  );
};

async function readWindow(
  db: DbOrTrx,
  companyId: string,
  query: { from?: string | undefined; to?: string | undefined },
): Promise<ReadWindow> {
  const to = query.to ?? Temporal.Now.plainDateISO((await getCompany(db, companyId)).timeZone).toString();
  const from = query.from ?? Temporal.PlainDate.from(to).subtract({ years: defaultWindowYears }).toString();
  const days = Temporal.PlainDate.from(from).until(to, { largestUnit: 'days' }).days;
  if (days < 0 || days >= maxWindowDays) {
    throw invalidInput(
      'READINGS.INVALID_RANGE',
      `from ${from} to ${to} must be a range of 1 to ${maxWindowDays} days, from not after to.`,
      [
        {
          path: 'from',
          message: `expected a day on or before to (${to}) and at most ${maxWindowDays - 1} days earlier`,
        },
      ],
    );
  }
  return { from, to };
}
