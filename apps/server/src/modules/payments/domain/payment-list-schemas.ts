import { z } from 'zod';
import { dateRangesInOrder, listQuerySchema } from '../../../platform/validation/list-query.js';
import { plainDateSchema } from '../../../platform/validation/plain-date-schema.js';
import { paymentMethods } from './payment.js';

export const paymentSortFields = ['receivedOn', 'createdAt', 'amountMinor', 'status', 'method'] as const;
export type PaymentSortField = (typeof paymentSortFields)[number];

export const listPaymentsQuerySchema = listQuerySchema(paymentSortFields, 'receivedOn:desc')
  .extend({
    accountId: z.uuid().optional(),
    status: z.enum(['posted', 'reversed']).optional(),
    method: z.enum(paymentMethods).optional(),
    receivedOnFrom: plainDateSchema.optional().describe('Only payments received on or after this day'),
    receivedOnTo: plainDateSchema.optional().describe('Only payments received on or before this day'),
  })
  .superRefine(dateRangesInOrder([['receivedOnFrom', 'receivedOnTo']]));
export type ListPaymentsQuery = z.input<typeof listPaymentsQuerySchema>;
export type PaymentFilters = Omit<z.output<typeof listPaymentsQuerySchema>, 'limit' | 'offset' | 'format'>;
