import { z } from 'zod';
import { principalKinds } from '../../../platform/auth/permissions.js';

export const userSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(principalKinds),
    email: z.string(),
    displayName: z.string(),
    customerId: z.uuid().nullable(),
    status: z.enum(['active', 'disabled']),
    roles: z.array(z.string()).describe('Codes of the roles the user holds'),
    totpEnabled: z.boolean(),
    lockedUntil: z.iso
      .datetime()
      .nullable()
      .describe('Set while the account is locked after failed sign-ins'),
    lastLoginAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });

export const roleSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    permissions: z.array(z.string()),
    builtIn: z.boolean(),
  })
  .meta({ id: 'Role' });
