import { z } from 'zod';

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const service = z.enum(['electricity', 'gas', 'water']);

export const tariffSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    service,
    source: z.enum(['manual', 'urdb']),
    sourceReference: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Tariff' });

export const tariffVersionSchema = z
  .object({
    id: z.uuid(),
    tariffId: z.uuid(),
    effectiveFrom: isoDate,
    effectiveTo: isoDate.nullable().describe('First day no longer in force; null for an open-ended version'),
    definition: z.record(z.string(), z.unknown()).describe('Tariff document as packages/rating defines it'),
    hasSourceDocument: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'TariffVersion' });

export const tariffWithVersionsSchema = tariffSchema.extend({ versions: z.array(tariffVersionSchema) }).meta({
  id: 'TariffWithVersions',
});

export const closedVersionSchema = z
  .object({ id: z.uuid(), effectiveFrom: isoDate, effectiveTo: isoDate })
  .nullable()
  .describe('The open-ended version the new one closed, if any');

export const createTariffBody = z.object({
  code: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  service,
  sourceReference: z.string().max(200).nullable().optional(),
});

export const addVersionBody = z.object({
  effectiveFrom: isoDate.optional().describe("Defaults to the definition's versions[0].effectiveFrom"),
  effectiveTo: isoDate.nullable().optional(),
  definition: z.record(z.string(), z.unknown()),
});

export const importUrdbBody = z.object({
  document: z
    .union([z.record(z.string(), z.unknown()), z.string()])
    .describe('URDB rate: the API response {"items":[…]}, a bare rate object, or either as a JSON string'),
  code: z.string().min(1).max(64).optional(),
  effectiveFrom: isoDate.optional(),
  hpDemand: z.enum(['reject', 'as-kw', 'convert']).optional(),
});
