import { z } from 'zod';
import { principalKinds } from '../../../platform/auth/permissions.js';
import { listQuerySchema } from '../../../platform/validation/list-query.js';

export const userSortFields = ['email', 'displayName', 'kind', 'status', 'createdAt', 'lastLoginAt'] as const;
export type UserSortField = (typeof userSortFields)[number];

export const listUsersQuerySchema = listQuerySchema(userSortFields, 'email:asc').extend({
  kind: z.enum(principalKinds).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  /** Matches any part of the email address or the display name, ignoring case. */
  search: z.string().trim().min(1).max(200).optional(),
});
export type ListUsersQuery = z.input<typeof listUsersQuerySchema>;
export type UserFilters = Pick<z.output<typeof listUsersQuerySchema>, 'kind' | 'status' | 'search' | 'sort'>;
