import { z } from 'zod';
import { countryCodeSchema } from '../../../platform/validation/country-code.js';
import { listQuerySchema } from '../../../platform/validation/list-query.js';

const PHONE_PATTERN = /^\+?[0-9][0-9 ()./-]{3,24}$/;
// BCP 47 language tags as the product uses them: a language, optionally a script and a region.
const LOCALE_PATTERN = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$/;

const nameSchema = z.string().trim().min(1, 'must not be empty').max(200);

export const contactInputSchema = z
  .object({
    kind: z.enum(['email', 'phone', 'mobile', 'postal']),
    value: z.string().trim().min(1, 'must not be empty').max(500),
    isPrimary: z.boolean().default(false),
  })
  .superRefine((contact, issues) => {
    if (contact.kind === 'email' && !z.email().safeParse(contact.value).success) {
      issues.addIssue({
        code: 'custom',
        path: ['value'],
        input: contact.value,
        message: 'must be an email address such as name@example.com',
      });
    }
    if ((contact.kind === 'phone' || contact.kind === 'mobile') && !PHONE_PATTERN.test(contact.value)) {
      issues.addIssue({
        code: 'custom',
        path: ['value'],
        input: contact.value,
        message: 'must be a phone number of digits, spaces and ()./- with an optional leading +',
      });
    }
  });

export const identificationInputSchema = z.object({
  scheme: z.enum(['national-id', 'passport', 'tax-id', 'company-register', 'other']),
  value: z.string().trim().min(1, 'must not be empty').max(100),
  issuingCountry: countryCodeSchema.nullish(),
});

const contactsSchema = z
  .array(contactInputSchema)
  .max(50)
  .superRefine((contacts, issues) => {
    for (const kind of ['email', 'phone', 'mobile', 'postal'] as const) {
      const primaries = contacts.filter((contact) => contact.kind === kind && contact.isPrimary).length;
      if (primaries > 1) {
        issues.addIssue({
          code: 'custom',
          input: primaries,
          message: `must mark at most one ${kind} contact as primary`,
        });
      }
    }
  });

const identificationsSchema = z
  .array(identificationInputSchema)
  .max(20)
  .superRefine((identifications, issues) => {
    const seen = new Set<string>();
    identifications.forEach((identification, index) => {
      const key = `${identification.scheme}:${identification.value}`;
      if (seen.has(key)) {
        issues.addIssue({
          code: 'custom',
          path: [index, 'value'],
          input: identification.value,
          message: `repeats the ${identification.scheme} identification listed before it`,
        });
      }
      seen.add(key);
    });
  });

const commonCustomerFields = {
  displayName: nameSchema.optional(),
  preferredLocale: z
    .string()
    .trim()
    .regex(LOCALE_PATTERN, 'must be a language tag such as en or en-US')
    .nullish(),
  contacts: contactsSchema.default([]),
  identifications: identificationsSchema.default([]),
};

export const createCustomerInputSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('person'),
    givenName: nameSchema.nullish(),
    familyName: nameSchema,
    ...commonCustomerFields,
  }),
  z.object({
    kind: z.literal('organisation'),
    organisationName: nameSchema,
    ...commonCustomerFields,
  }),
]);
export type CreateCustomerInput = z.input<typeof createCustomerInputSchema>;
export type CreateCustomerFields = z.output<typeof createCustomerInputSchema>;

/**
 * Changes to a customer. Names apply to the customer's kind only; `contacts` and `identifications`, when
 * present, replace the whole list.
 */
export const updateCustomerInputSchema = z
  .object({
    displayName: nameSchema.optional(),
    givenName: nameSchema.nullish(),
    familyName: nameSchema.optional(),
    organisationName: nameSchema.optional(),
    preferredLocale: commonCustomerFields.preferredLocale,
    contacts: contactsSchema.optional(),
    identifications: identificationsSchema.optional(),
  })
  .strict();
export type UpdateCustomerInput = z.input<typeof updateCustomerInputSchema>;

export const customerSortFields = ['displayName', 'kind', 'createdAt', 'updatedAt'] as const;
export type CustomerSortField = (typeof customerSortFields)[number];

export const listCustomersQuerySchema = listQuerySchema(customerSortFields, 'displayName:asc').extend({
  search: z.string().trim().min(1).max(200).optional(),
  kind: z.enum(['person', 'organisation']).optional(),
});
export type ListCustomersQuery = z.input<typeof listCustomersQuerySchema>;
export type CustomerFilters = Pick<z.output<typeof listCustomersQuerySchema>, 'search' | 'kind' | 'sort'>;

export const customerContactSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['email', 'phone', 'mobile', 'postal']),
  value: z.string(),
  isPrimary: z.boolean(),
});

export const customerSummarySchema = z.object({
  id: z.uuid(),
  kind: z.enum(['person', 'organisation']),
  displayName: z.string(),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  organisationName: z.string().nullable(),
  preferredLocale: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const customerSchema = customerSummarySchema.extend({
  contacts: z.array(customerContactSchema),
  identifications: z.array(
    z.object({
      id: z.uuid(),
      scheme: z.enum(['national-id', 'passport', 'tax-id', 'company-register', 'other']),
      value: z.string(),
      issuingCountry: z.string().nullable(),
    }),
  ),
});
