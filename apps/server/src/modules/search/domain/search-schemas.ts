import { z } from 'zod';
import { MAX_SEARCH_LENGTH, MIN_SEARCH_LENGTH } from './search-limits.js';
import { searchFields, searchKinds } from './search-match.js';

export { MAX_SEARCH_LENGTH, MIN_SEARCH_LENGTH };

const searchText = z
  .string()
  .trim()
  .min(MIN_SEARCH_LENGTH, {
    error: (issue) =>
      `must have at least ${MIN_SEARCH_LENGTH} characters besides spaces (value: ${JSON.stringify(issue.input)}); type more of the name, number or address`,
  })
  .max(MAX_SEARCH_LENGTH, {
    error: `must have at most ${MAX_SEARCH_LENGTH} characters; shorten it to the most distinctive part`,
  });

export const searchQuerySchema = z.object({
  q: searchText.describe(
    'What to look for: a name, account number, meter serial, service point id or market id, address, phone number or email address',
  ),
  limit: z.coerce.number().int().min(1).max(50).default(10).describe('Results to return, 1 to 50'),
});

export type SearchInput = z.input<typeof searchQuerySchema>;

export const searchResultItemSchema = z
  .object({
    kind: z.enum(searchKinds),
    id: z.uuid(),
    label: z.string().describe('The name, number or address that identifies the record'),
    detail: z
      .string()
      .nullable()
      .describe(
        "The customer's name for an account or premise; the premise's address for a meter or service point",
      ),
    match: z.object({
      field: z.enum(searchFields),
      value: z.string().describe('The stored value that matched'),
    }),
    customerId: z
      .uuid()
      .nullable()
      .describe('The customer to open: the record itself, or the customer of its latest agreement'),
    accountId: z
      .uuid()
      .nullable()
      .describe('The account to open: the record itself, or the account of its latest agreement'),
  })
  .meta({ id: 'SearchResultItem' });

export type SearchResultItem = z.infer<typeof searchResultItemSchema>;

export const searchResultSchema = z.object({ items: z.array(searchResultItemSchema) });
