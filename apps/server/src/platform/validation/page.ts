import { z } from 'zod';

/**
 * Query parameters of every list endpoint: offset pagination with a bounded page size. Unknown parameters
 * are rejected, so a misspelt filter fails loudly instead of returning the unfiltered list.
 */
export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export type PageQuery = z.output<typeof pageQuerySchema>;

/** One page of a list, with the number of rows that match the filters across all pages. */
export type Page<T> = { items: T[]; total: number; limit: number; offset: number };

export function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}
