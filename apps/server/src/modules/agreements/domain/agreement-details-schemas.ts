import { z } from 'zod';
import { meterRegisterSchema } from '../../devices/index.js';
import { premiseSchema, servicePointSchema } from '../../premises/index.js';
import { serviceAgreementSchema } from './service-agreement-schemas.js';

/** A meter during one installation at a service point, with its registers. */
export const installedMeterSchema = z.object({
  installationId: z.uuid(),
  meterId: z.uuid(),
  serialNumber: z.string(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  installedOn: z.string(),
  removedOn: z.string().nullable().describe('Day the meter was removed; null while it is installed'),
  registers: z.array(meterRegisterSchema),
});
export type InstalledMeter = z.infer<typeof installedMeterSchema>;

export const tariffReferenceSchema = z.object({ id: z.uuid(), code: z.string(), name: z.string() });
export type TariffReference = z.infer<typeof tariffReferenceSchema>;

export const agreementDetailsSchema = serviceAgreementSchema.extend({
  servicePoint: servicePointSchema
    .extend({
      premise: premiseSchema,
      meters: z
        .array(installedMeterSchema)
        .nullable()
        .describe(
          'Meters installed at the service point at any time during the agreement, newest installation first; null without devices:read',
        ),
    })
    .nullable()
    .describe('The service point and its premise; null without premises:read'),
  tariff: tariffReferenceSchema.nullable().describe('null without rates:read'),
});
export type AgreementDetails = z.infer<typeof agreementDetailsSchema>;
