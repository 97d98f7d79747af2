import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { plainDateSchema } from '../../../platform/validation/plain-date-schema.js';
import { listQuerySchema } from '../../../platform/validation/list-query.js';
import { unitsByService } from './meter.js';
import { withArticle } from '../../../platform/text/with-article.js';

const serviceSchema = z.enum(['electricity', 'gas', 'water']);
const unitSchema = z.enum(['kWh', 'kW', 'kvarh', 'm3', 'ft3', 'therm', 'gal']);

/** A positive decimal given as a number or a string, returned as a string with at most 6 places. */
const multiplierSchema = z.union([z.number(), z.string().trim()]).transform((value, issues) => {
  const decimal = parseDecimal(value);
  if (
    !decimal ||
    decimal.lessThanOrEqualTo(0) ||
    decimal.decimalPlaces() > 6 ||
    decimal.greaterThanOrEqualTo(1e12)
  ) {
    issues.addIssue({
      code: 'custom',
      input: value,
      message: 'must be a decimal greater than 0 with at most 6 decimal places, such as 1 or 40',
    });
    return z.NEVER;
  }
  return decimal.toString();
});

export const registerInputSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/,
        'must be 1 to 20 letters, digits, dots, hyphens or underscores',
      ),
    kind: z.enum(['consumption', 'demand']).default('consumption'),
    unit: unitSchema,
    dials: z.number().int().min(1, 'must be between 1 and 12').max(12, 'must be between 1 and 12'),
    multiplier: multiplierSchema.default('1'),
    touPeriod: z.string().trim().min(1).max(40).nullish(),
  })
  .superRefine((register, issues) => {
    if (register.kind === 'demand' && register.unit !== 'kW') {
      issues.addIssue({
        code: 'custom',
        path: ['unit'],
        input: register.unit,
        message: 'must be kW for a demand register',
      });
    }
  });

export const registerMeterInputSchema = z
  .object({
    serialNumber: z
      .string()
      .trim()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,39}$/,
        'must be 1 to 40 letters, digits, spaces or ._/- characters',
      ),
    model: z.string().trim().min(1).max(100).nullish(),
    manufacturer: z.string().trim().min(1).max(100).nullish(),
    service: serviceSchema,
    registers: z.array(registerInputSchema).min(1, 'must list at least one register').max(24),
  })
  .superRefine((meter, issues) => {
    const codes = new Set<string>();
    meter.registers.forEach((register, index) => {
      if (codes.has(register.code)) {
        issues.addIssue({
          code: 'custom',
          path: ['registers', index, 'code'],
          input: register.code,
          message: 'repeats a register code of this meter; give each register its own code',
        });
      }
      codes.add(register.code);
      if (!unitsByService[meter.service].includes(register.unit)) {
        issues.addIssue({
          code: 'custom',
          path: ['registers', index, 'unit'],
          input: register.unit,
          message: `is not ${withArticle(meter.service)} unit; use one of ${unitsByService[meter.service].join(', ')}`,
        });
      }
    });
  });
export type RegisterMeterInput = z.input<typeof registerMeterInputSchema>;

/** A register reading taken in the field: the register's code and the digits it showed. */
export const fieldReadInputSchema = z.object({
  registerCode: z.string().trim().min(1),
  value: z.union([z.number(), z.string().trim()]).transform((value, issues) => {
    const decimal = parseDecimal(value);
    if (!decimal || decimal.isNegative() || decimal.decimalPlaces() > 6) {
      issues.addIssue({
        code: 'custom',
        input: value,
        message: 'must be a decimal of at least 0 with at most 6 decimal places, such as 12345 or 0.5',
      });
      return z.NEVER;
    }
    return decimal.toString();
  }),
});
export type FieldReadInput = z.input<typeof fieldReadInputSchema>;

export const installMeterInputSchema = z.object({
  meterId: z.uuid(),
  servicePointId: z.uuid(),
  installedOn: plainDateSchema,
  reads: z.array(fieldReadInputSchema).max(24).default([]),
});
export type InstallMeterInput = z.input<typeof installMeterInputSchema>;

export const removeMeterInputSchema = z.object({
  meterId: z.uuid(),
  removedOn: plainDateSchema,
  reads: z.array(fieldReadInputSchema).max(24).default([]),
});
export type RemoveMeterInput = z.input<typeof removeMeterInputSchema>;

export const exchangeMeterInputSchema = z.object({
  servicePointId: z.uuid(),
  exchangedOn: plainDateSchema,
  removalReads: z.array(fieldReadInputSchema).max(24).default([]),
  newMeterId: z.uuid(),
  installReads: z.array(fieldReadInputSchema).max(24).default([]),
});
export type ExchangeMeterInput = z.input<typeof exchangeMeterInputSchema>;

export const meterSortFields = ['serialNumber', 'service', 'status', 'manufacturer', 'model'] as const;
export type MeterSortField = (typeof meterSortFields)[number];

export const listMetersQuerySchema = listQuerySchema(meterSortFields, 'serialNumber:asc').extend({
  /** Matches the start of the serial number, ignoring case. */
  serialNumber: z.string().trim().min(1).max(40).optional(),
  service: serviceSchema.optional(),
  status: z.enum(['in-stock', 'installed', 'removed', 'retired']).optional(),
});
export type ListMetersQuery = z.input<typeof listMetersQuerySchema>;
export type MeterFilters = Pick<
  z.output<typeof listMetersQuerySchema>,
  'serialNumber' | 'service' | 'status' | 'sort'
>;

export const meterRegisterSchema = z.object({
  id: z.uuid(),
  meterId: z.uuid(),
  code: z.string(),
  kind: z.enum(['consumption', 'demand']),
  unit: unitSchema,
  dials: z.number().int(),
  multiplier: z.string(),
  touPeriod: z.string().nullable(),
});

export const meterSchema = z.object({
  id: z.uuid(),
  serialNumber: z.string(),
  model: z.string().nullable(),
  manufacturer: z.string().nullable(),
  service: serviceSchema,
  status: z.enum(['in-stock', 'installed', 'removed', 'retired']),
  registers: z.array(meterRegisterSchema),
});

export const meterInstallationSchema = z.object({
  id: z.uuid(),
  meterId: z.uuid(),
  servicePointId: z.uuid(),
  installedOn: z.string(),
  removedOn: z.string().nullable(),
});

function parseDecimal(value: number | string): Decimal | undefined {
  try {
    const decimal = new Decimal(value);
    return decimal.isFinite() ? decimal : undefined;
  } catch {
    return undefined;
  }
}
