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

export const billSortFields = [
  'createdAt',
  'periodStart',
  'issueDate',
  'dueDate',
  'invoiceNumber',
  'accountNumber',
  'totalMinor',
  'status',
] as const;
export type BillSortField = (typeof billSortFields)[number];

// Eighteen digits stay within PostgreSQL's bigint, the type of bill totals.
const MINOR_AMOUNT_PATTERN = /^-?\d{1,18}$/;
const minorAmountFilter = z
  .string()
  .trim()
  .regex(MINOR_AMOUNT_PATTERN, 'must be a whole number of minor units, such as 12345 for 123.45 or -250');

export const listBillsQuerySchema = listQuerySchema(billSortFields, 'createdAt:desc')
  .extend({
    search: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe(
        'Only bills whose invoice number or account number starts with this text, as typed, in capitals or in lower case',
      ),
    billRunId: z.uuid().optional().describe('Only the bills this bill run made'),
    accountId: z.uuid().optional(),
    status: z.enum(['draft', 'issued', 'cancelled']).optional(),
    kind: z.enum(['invoice', 'credit-note']).optional(),
    issueDateFrom: plainDateSchema.optional().describe('Only bills issued on or after this day'),
    issueDateTo: plainDateSchema.optional().describe('Only bills issued on or before this day'),
    dueDateFrom: plainDateSchema.optional().describe('Only bills due on or after this day'),
    dueDateTo: plainDateSchema.optional().describe('Only bills due on or before this day'),
    totalMinorFrom: minorAmountFilter
      .optional()
      .describe('Only bills whose total in minor units is at least this'),
    totalMinorTo: minorAmountFilter
      .optional()
      .describe('Only bills whose total in minor units is at most this'),
  })
  .superRefine(
    dateRangesInOrder([
      ['issueDateFrom', 'issueDateTo'],
      ['dueDateFrom', 'dueDateTo'],
    ]),
  )
  .superRefine(amountRangeInOrder('totalMinorFrom', 'totalMinorTo'));
export type ListBillsQuery = z.input<typeof listBillsQuerySchema>;
export type BillFilters = Omit<z.output<typeof listBillsQuerySchema>, 'limit' | 'offset' | 'format'>;

/** Checks that an optional range of amounts in minor units is in order, comparing them as bigints. */
function amountRangeInOrder<const From extends string, const To extends string>(fromKey: From, toKey: To) {
  return (query: Partial<Record<From | To, string>>, context: z.RefinementCtx): void => {
    const from = query[fromKey];
    const to = query[toKey];
    if (from === undefined || to === undefined) return;
    if (!MINOR_AMOUNT_PATTERN.test(from) || !MINOR_AMOUNT_PATTERN.test(to)) return;
    if (BigInt(from) > BigInt(to)) {
      context.addIssue({
        code: 'custom',
        path: [toKey],
        input: to,
        message: `${to} is less than ${fromKey} (${from}): ${toKey} must be at least ${fromKey}`,
      });
    }
  };
}

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
