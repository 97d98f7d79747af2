import { z } from 'zod';

/** A group of accounts billed together on the same schedule, every `periodMonths` months. */
export type BillCycle = { id: string; code: string; name: string; periodMonths: number };

export const createBillCycleInputSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'must be 1 to 40 letters, digits, hyphens or underscores'),
  name: z.string().trim().min(1, 'must not be empty').max(200),
  periodMonths: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(6), z.literal(12)], {
    message: 'must be 1, 2, 3, 6 or 12',
  }),
});
export type CreateBillCycleInput = z.input<typeof createBillCycleInputSchema>;

export const billCycleSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  periodMonths: z.number().int(),
});
