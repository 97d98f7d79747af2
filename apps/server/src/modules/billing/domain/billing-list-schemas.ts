import { z } from 'zod';
import { dateRangesInOrder, listQuerySchema } from '../../../platform/validation/list-query.js';
import { plainDateSchema } from '../../../platform/validation/plain-date-schema.js';

export const billRunSortFields = ['createdAt', 'cutOffOn', 'status', 'completedAt'] as const;
export type BillRunSortField = (typeof billRunSortFields)[number];

export const listBillRunsQuerySchema = listQuerySchema(billRunSortFields, 'createdAt:desc')
  .extend({
    status: z.enum(['open', 'running', 'completed']).optional(),
    billCycleId: z.uuid().optional(),
    cutOffOnFrom: plainDateSchema.optional().describe('Only runs with a cut-off on or after this day'),
    cutOffOnTo: plainDateSchema.optional().describe('Only runs with a cut-off on or before this day'),
  })
  .superRefine(dateRangesInOrder([['cutOffOnFrom', 'cutOffOnTo']]));
export type ListBillRunsQuery = z.input<typeof listBillRunsQuerySchema>;
export type BillRunFilters = Omit<z.output<typeof listBillRunsQuerySchema>, 'limit' | 'offset' | 'format'>;

export const accountBillSortFields = [
  'periodStart',
  'issueDate',
  'dueDate',
  'invoiceNumber',
  'totalMinor',
  'status',
  'createdAt',
] as const;
export type AccountBillSortField = (typeof accountBillSortFields)[number];

export const listAccountBillsQuerySchema = listQuerySchema(accountBillSortFields, 'periodStart:desc')
  .extend({
    status: z.enum(['draft', 'issued', 'cancelled']).optional(),
    kind: z.enum(['invoice', 'credit-note']).optional(),
    issueDateFrom: plainDateSchema.optional().describe('Only bills issued on or after this day'),
    issueDateTo: plainDateSchema.optional().describe('Only bills issued on or before this day'),
  })
  .superRefine(dateRangesInOrder([['issueDateFrom', 'issueDateTo']]));
export type ListAccountBillsQuery = z.input<typeof listAccountBillsQuerySchema>;
export type AccountBillFilters = Omit<
  z.output<typeof listAccountBillsQuerySchema>,
  'limit' | 'offset' | 'format'
>;

export const billRunExceptionSortFields = ['accountNumber', 'reasonCode', 'createdAt'] as const;
export type BillRunExceptionSortField = (typeof billRunExceptionSortFields)[number];

export const listBillRunExceptionsQuerySchema = listQuerySchema(
  billRunExceptionSortFields,
  'accountNumber:asc',
).extend({
  reasonCode: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'must be a reason code in capitals, such as NO_READS')
    .optional(),
});
export type ListBillRunExceptionsQuery = z.input<typeof listBillRunExceptionsQuerySchema>;
export type BillRunExceptionFilters = Omit<
  z.output<typeof listBillRunExceptionsQuerySchema>,
  'limit' | 'offset' | 'format'
>;
