import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { countryCodeSchema } from '../../../platform/validation/country-code.js';
import { listQuerySchema } from '../../../platform/validation/list-query.js';

const serviceSchema = z.enum(['electricity', 'gas', 'water']);

/**
 * A coordinate in decimal degrees given as a number or a decimal string, checked against [-limit, limit]
 * and rounded half-even to the 6 decimal places the database keeps (about 0.1 m).
 */
function coordinateSchema(limit: number, example: string) {
  return z.union([z.number(), z.string().trim()]).transform((value, issues) => {
    let decimal: Decimal;
    try {
      decimal = new Decimal(value);
    } catch {
      issues.addIssue({
        code: 'custom',
        input: value,
        message: `must be a decimal number such as ${example}`,
      });
      return z.NEVER;
    }
    if (!decimal.isFinite() || decimal.abs().greaterThan(limit)) {
      issues.addIssue({
        code: 'custom',
        input: value,
        message: `must be between -${limit} and ${limit} degrees`,
      });
      return z.NEVER;
    }
    return decimal.toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN).toFixed(6);
  });
}

export const geoPointSchema = z.object({
  latitude: coordinateSchema(90, '34.1234'),
  longitude: coordinateSchema(180, '-83.5678'),
});

const textSchema = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const createPremiseInputSchema = z.object({
  addressLine1: textSchema(200),
  addressLine2: textSchema(200).nullish(),
  city: textSchema(100),
  postalCode: textSchema(20).nullish(),
  region: textSchema(100).nullish(),
  country: countryCodeSchema,
  location: geoPointSchema.nullish(),
});
export type CreatePremiseInput = z.input<typeof createPremiseInputSchema>;

export const updatePremiseInputSchema = createPremiseInputSchema.partial().strict();
export type UpdatePremiseInput = z.input<typeof updatePremiseInputSchema>;

export const premiseSortFields = ['country', 'city', 'addressLine1', 'postalCode', 'region'] as const;
export type PremiseSortField = (typeof premiseSortFields)[number];

export const listPremisesQuerySchema = listQuerySchema(premiseSortFields, 'country:asc').extend({
  /** Matches any part of the first address line, the city or the start of the postal code, ignoring case. */
  search: z.string().trim().min(1).max(200).optional(),
  country: countryCodeSchema.optional(),
});
export type ListPremisesQuery = z.input<typeof listPremisesQuerySchema>;
export type PremiseFilters = Pick<z.output<typeof listPremisesQuerySchema>, 'search' | 'country' | 'sort'>;

export const marketIdSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(
    /^[A-Z0-9][A-Z0-9 -]{2,63}$/,
    'must be 3 to 64 letters, digits, spaces or hyphens such as a CUPS, MPAN or ESI ID',
  );

export const createServicePointInputSchema = z.object({
  premiseId: z.uuid(),
  service: serviceSchema,
  marketId: marketIdSchema.nullish(),
});
export type CreateServicePointInput = z.input<typeof createServicePointInputSchema>;

export const servicePointSortFields = ['premiseId', 'service', 'marketId'] as const;
export type ServicePointSortField = (typeof servicePointSortFields)[number];

export const listServicePointsQuerySchema = listQuerySchema(servicePointSortFields, 'premiseId:asc').extend({
  premiseId: z.uuid().optional(),
  service: serviceSchema.optional(),
  marketId: marketIdSchema.optional(),
});
export type ListServicePointsQuery = z.input<typeof listServicePointsQuerySchema>;
export type ServicePointFilters = Pick<
  z.output<typeof listServicePointsQuerySchema>,
  'service' | 'marketId' | 'sort'
> & { premiseIds?: string[] | undefined };

export const servicePointSchema = z.object({
  id: z.uuid(),
  premiseId: z.uuid(),
  service: serviceSchema,
  marketId: z.string().nullable(),
});

export const premiseSchema = z.object({
  id: z.uuid(),
  addressLine1: z.string(),
  addressLine2: z.string().nullable(),
  city: z.string(),
  postalCode: z.string().nullable(),
  region: z.string().nullable(),
  country: z.string(),
  location: z.object({ latitude: z.string(), longitude: z.string() }).nullable(),
});

export const premiseWithServicePointsSchema = premiseSchema.extend({
  servicePoints: z.array(servicePointSchema),
});
