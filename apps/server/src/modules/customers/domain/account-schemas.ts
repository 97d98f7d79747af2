import { z } from 'zod';
import { listQuerySchema } from '../../../platform/validation/list-query.js';

const ACCOUNT_NUMBER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/;

const accountPreferenceFields = {
  billCycleId: z.uuid(),
  billDelivery: z.enum(['email', 'post', 'portal']).default('email'),
  billDeliveryEmail: z.email('must be an email address such as name@example.com').nullish(),
  paymentMethod: z.enum(['cash', 'transfer', 'direct-debit', 'card']).default('transfer'),
  paymentTermsDays: z.number().int().min(0).max(365).default(20),
};

function requireDeliveryEmail(
  account: { billDelivery?: string | undefined; billDeliveryEmail?: string | null | undefined },
  issues: z.RefinementCtx,
): void {
  if (account.billDelivery === 'email' && !account.billDeliveryEmail) {
    issues.addIssue({
      code: 'custom',
      path: ['billDeliveryEmail'],
      input: account.billDeliveryEmail,
      message: 'is required when billDelivery is "email": give the address the bills go to',
    });
  }
}

export const createAccountInputSchema = z
  .object({
    customerId: z.uuid(),
    /** Given by the caller (for accounts migrated from another system) or generated when omitted. */
    accountNumber: z
      .string()
      .trim()
      .regex(
        ACCOUNT_NUMBER_PATTERN,
        'must be 3 to 40 letters, digits or hyphens, starting with a letter or digit',
      )
      .optional(),
    ...accountPreferenceFields,
  })
  .superRefine(requireDeliveryEmail);
export type CreateAccountInput = z.input<typeof createAccountInputSchema>;
export type CreateAccountFields = z.output<typeof createAccountInputSchema>;

export const updateAccountInputSchema = z
  .object({
    billCycleId: z.uuid().optional(),
    billDelivery: z.enum(['email', 'post', 'portal']).optional(),
    billDeliveryEmail: accountPreferenceFields.billDeliveryEmail,
    paymentMethod: z.enum(['cash', 'transfer', 'direct-debit', 'card']).optional(),
    paymentTermsDays: z.number().int().min(0).max(365).optional(),
    status: z.enum(['active', 'closed']).optional(),
  })
  .strict();
export type UpdateAccountInput = z.input<typeof updateAccountInputSchema>;

export const accountSortFields = ['accountNumber', 'customerName', 'status', 'createdAt'] as const;
export type AccountSortField = (typeof accountSortFields)[number];

export const listAccountsQuerySchema = listQuerySchema(accountSortFields, 'accountNumber:asc').extend({
  /** Matches the start of the account number or any part of the customer's name, ignoring case. */
  search: z.string().trim().min(1).max(200).optional(),
  customerId: z.uuid().optional(),
  billCycleId: z.uuid().optional(),
  status: z.enum(['active', 'closed']).optional(),
});
export type ListAccountsQuery = z.input<typeof listAccountsQuerySchema>;
export type AccountFilters = Pick<
  z.output<typeof listAccountsQuerySchema>,
  'search' | 'customerId' | 'billCycleId' | 'status' | 'sort'
>;

export const accountSchema = z.object({
  id: z.uuid(),
  accountNumber: z.string(),
  customerId: z.uuid(),
  customerName: z.string(),
  billCycleId: z.uuid(),
  status: z.enum(['active', 'closed']),
  billDelivery: z.enum(['email', 'post', 'portal']),
  billDeliveryEmail: z.string().nullable(),
  paymentMethod: z.enum(['cash', 'transfer', 'direct-debit', 'card']),
  paymentTermsDays: z.number().int(),
  createdAt: z.string(),
});
