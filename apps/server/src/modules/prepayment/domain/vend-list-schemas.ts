import { z } from 'zod';
import { dateRangesInOrder, listQuerySchema } from '../../../platform/validation/list-query.js';
import { plainDateSchema } from '../../../platform/validation/plain-date-schema.js';

export const vendSortFields = ['issuedAt', 'tenderedMinor', 'units', 'status'] as const;
export type VendSortField = (typeof vendSortFields)[number];

/** The query of GET /v1/prepaid/vends: the shared list parameters and the filters of a sales list. */
export const listVendsQuerySchema = listQuerySchema(vendSortFields, 'issuedAt:desc')
  .extend({
    agentId: z
      .uuid()
      .optional()
      .describe(
        "Only this vending agent's vends. An agent's login sees its own agent's vends whether or not it is given.",
      ),
    pan: z
      .string()
      .transform((text) => text.replace(/[\s-]/g, ''))
      .pipe(z.string().regex(/^\d{1,18}$/, 'Expected 1 to 18 digits of a meter number (PAN)'))
      .optional()
      .describe(
        'Only the vends of meters whose number (PAN) contains these digits, such as the whole PAN or its 11-digit DRN. Spaces and hyphens are ignored.',
      ),
    transactionReference: z
      .string()
      .regex(/^[\x21-\x7e]{1,255}$/, 'Expected 1 to 255 printable ASCII characters without spaces')
      .optional()
      .describe(
        'Only vends whose transaction reference starts with this text, such as its first 8 characters',
      ),
    status: z.enum(['issued', 'released', 'reversed']).optional(),
    accountingDateFrom: plainDateSchema
      .optional()
      .describe("Only vends sold on or after this day (the company's local date)"),
    accountingDateTo: plainDateSchema
      .optional()
      .describe("Only vends sold on or before this day (the company's local date)"),
  })
  .superRefine(dateRangesInOrder([['accountingDateFrom', 'accountingDateTo']]));

export type ListVendsQuery = z.input<typeof listVendsQuerySchema>;
export type VendFilters = Omit<z.output<typeof listVendsQuerySchema>, 'limit' | 'offset' | 'format'>;
