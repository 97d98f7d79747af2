import { z } from 'zod';
import { plainDateSchema } from '../../../platform/validation/plain-date-schema.js';

export const isoDate = plainDateSchema;

export const registerReadSchema = z
  .object({
    id: z.uuid(),
    registerId: z.uuid(),
    readOn: isoDate,
    value: z.string().describe('Dials as read, before the register multiplier (decimal text)'),
    kind: z.enum(['actual', 'estimated', 'customer', 'install', 'removal']),
    source: z.enum(['manual', 'import', 'ami', 'estimation', 'customer-portal', 'field']),
    status: z.enum(['valid', 'suspect', 'superseded']),
    statusReason: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'RegisterRead' });

export const recordReadBody = z.object({
  registerId: z.uuid(),
  readOn: isoDate,
  value: z
    .string()
    .describe('Decimal text such as "01234.5"; a JSON number is not accepted, so no digit is lost'),
  kind: z.enum(['actual', 'estimated', 'customer', 'install', 'removal']).default('actual'),
  source: z.enum(['manual', 'import', 'ami', 'estimation', 'customer-portal', 'field']).default('manual'),
});

export const listReadsQuery = z
  .object({
    registerId: z.uuid().optional(),
    servicePointId: z.uuid().optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .refine((query) => (query.registerId === undefined) !== (query.servicePointId === undefined), {
    message: 'give exactly one of registerId and servicePointId',
    path: ['registerId'],
  });

export const intervalImportBody = z.object({
  format: z.enum(['greenbutton', 'interval-csv']),
  document: z.string().min(1).describe('The whole file as text: Green Button XML or interval CSV'),
  servicePointId: z.uuid().optional().describe('Service point for every usage point or meter of the file'),
  marketIds: z
    .record(z.string(), z.string())
    .optional()
    .describe('Usage point id, its last path segment or title (or a meter serial) → service point market id'),
  onError: z.enum(['skip', 'abort']).default('abort'),
  onDuplicate: z.enum(['upsert', 'report']).default('upsert'),
});

const problemSchema = z.object({
  code: z.string(),
  message: z.string(),
  line: z.number().int(),
  column: z.number().int().nullable(),
  field: z.string().nullable(),
  value: z.string().nullable(),
});

export const intervalImportResult = z
  .object({
    importId: z.uuid(),
    status: z.enum(['committed', 'rolled-back']),
    readingsInserted: z.number().int(),
    readingsUpdated: z.number().int(),
    duplicates: z.number().int(),
    rowsRejected: z.number().int(),
    channels: z.array(
      z.object({
        channelId: z.uuid(),
        servicePointId: z.uuid(),
        name: z.string(),
        unit: z.string(),
        created: z.boolean(),
        readingsWritten: z.number().int(),
      }),
    ),
    problems: z.array(problemSchema),
    problemCount: z.number().int(),
  })
  .meta({ id: 'IntervalImportResult' });

export const bucketQuery = z.object({
  bucket: z.enum(['day', 'hour']).default('day'),
  from: isoDate.describe("First local day, in the company's time zone"),
  to: isoDate.describe('Day after the last local day'),
});

export const bucketResponse = z.object({
  timeZone: z.string(),
  channels: z
    .array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        unit: z.string(),
        intervalSeconds: z.number().int().nullable(),
      }),
    )
    .describe('The channels of the service point, which the buckets name by channelId'),
  buckets: z.array(
    z.object({ channelId: z.uuid(), bucket: z.string(), total: z.string(), readingCount: z.number().int() }),
  ),
});
