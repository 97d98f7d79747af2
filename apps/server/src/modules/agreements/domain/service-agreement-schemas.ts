import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { plainDateSchema } from '../../../platform/validation/plain-date-schema.js';
import { dateRangesInOrder, listQuerySchema } from '../../../platform/validation/list-query.js';

export const createServiceAgreementInputSchema = z
  .object({
    accountId: z.uuid(),
    servicePointId: z.uuid(),
    tariffId: z.uuid(),
    paymentMode: z.enum(['postpaid', 'prepaid']).default('postpaid'),
    startOn: plainDateSchema,
    /** First day no longer supplied under this agreement; omitted or null for an open-ended agreement. */
    endOn: plainDateSchema.nullish(),
  })
  .superRefine((agreement, issues) => {
    if (agreement.endOn && Temporal.PlainDate.compare(agreement.endOn, agreement.startOn) <= 0) {
      issues.addIssue({
        code: 'custom',
        path: ['endOn'],
        input: agreement.endOn,
        message: `${agreement.endOn} must be after startOn (${agreement.startOn}), because the end date is the first day no longer supplied`,
      });
    }
  });
export type CreateServiceAgreementInput = z.input<typeof createServiceAgreementInputSchema>;

export const endServiceAgreementInputSchema = z.object({ endOn: plainDateSchema });
export type EndServiceAgreementInput = z.input<typeof endServiceAgreementInputSchema>;

export const serviceAgreementSortFields = ['startOn', 'endOn', 'createdAt'] as const;
export type ServiceAgreementSortField = (typeof serviceAgreementSortFields)[number];

const agreementFilterSchema = listQuerySchema(serviceAgreementSortFields, 'startOn:desc').extend({
  accountId: z.uuid().optional(),
  servicePointId: z.uuid().optional(),
  tariffId: z.uuid().optional(),
  paymentMode: z.enum(['postpaid', 'prepaid']).optional(),
  /** Only agreements in force on this day. */
  activeOn: plainDateSchema.optional(),
  startOnFrom: plainDateSchema.optional().describe('Only agreements that start on or after this day'),
  startOnTo: plainDateSchema.optional().describe('Only agreements that start on or before this day'),
});

export const listServiceAgreementsQuerySchema = agreementFilterSchema.superRefine(
  dateRangesInOrder([['startOnFrom', 'startOnTo']]),
);
export type ListServiceAgreementsQuery = z.input<typeof listServiceAgreementsQuerySchema>;
export type ServiceAgreementFilters = Omit<
  z.output<typeof listServiceAgreementsQuerySchema>,
  'limit' | 'offset' | 'format'
>;

export const serviceAgreementSchema = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  servicePointId: z.uuid(),
  tariffId: z.uuid(),
  paymentMode: z.enum(['postpaid', 'prepaid']),
  startOn: z.string(),
  endOn: z.string().nullable(),
  createdAt: z.string(),
});
