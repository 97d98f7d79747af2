import { z } from 'zod';
import { listQuerySchema } from '../../../platform/validation/list-query.js';

export const tariffSortFields = ['code', 'name', 'service', 'createdAt'] as const;
export type TariffSortField = (typeof tariffSortFields)[number];

export const listTariffsQuerySchema = listQuerySchema(tariffSortFields, 'code:asc').extend({
  service: z.enum(['electricity', 'gas', 'water']).optional(),
  /** Matches the start of the code or any part of the name, ignoring case. */
  search: z.string().trim().min(1).max(200).optional(),
});
export type ListTariffsQuery = z.input<typeof listTariffsQuerySchema>;
export type TariffFilters = Pick<z.output<typeof listTariffsQuerySchema>, 'service' | 'search' | 'sort'>;
