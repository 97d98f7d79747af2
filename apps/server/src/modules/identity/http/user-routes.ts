import { z } from 'zod';
import { principalKinds } from '../../../platform/auth/permissions.js';
import { sendCsv, type CsvColumn } from '../../../platform/http/csv.js';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { pageSchema } from '../../../platform/validation/page.js';
import { createUser } from '../app/create-user.js';
import { issueUserPasswordReset } from '../app/issue-password-reset.js';
import { exportUsers } from '../app/export-users.js';
import { listUserPage } from '../app/list-user-page.js';
import { getUser, listRoles } from '../app/list-users.js';
import { updateUser } from '../app/update-user.js';
import { createRole, updateRole } from '../app/manage-roles.js';
import type { RoleRow } from '../db/role-store.js';
import { listUsersQuerySchema } from '../domain/user-list-schemas.js';
import type { User } from '../domain/user.js';
import { roleSchema, userSchema } from './user-json.js';

const idParams = z.object({ id: z.uuid() });
const passwordTokenSchema = z.object({
  token: z.string().describe('One-time token for POST /v1/auth/password-resets; shown only here'),
  expiresAt: z.iso.datetime(),
});

/** Users and roles of the company: /v1/users, /v1/roles. */
const userCsvColumns: CsvColumn<User>[] = [
  { header: 'id', value: (user) => user.id },
  { header: 'kind', value: (user) => user.kind },
  { header: 'email', value: (user) => user.email },
  { header: 'displayName', value: (user) => user.displayName },
  { header: 'customerId', value: (user) => user.customerId },
  { header: 'status', value: (user) => user.status },
  { header: 'roles', value: (user) => user.roles.join(' ') },
  { header: 'totpEnabled', value: (user) => user.totpEnabled },
  { header: 'lockedUntil', value: (user) => user.lockedUntil },
  { header: 'lastLoginAt', value: (user) => user.lastLoginAt },
  { header: 'createdAt', value: (user) => user.createdAt },
];

export const userRoutes: RoutePlugin = (app, { csvExportMaxRows }) => {
  app.get(
    '/v1/users',
    {
      config: { permission: 'identity:read' },
      schema: {
        tags: ['identity'],
        summary:
          "List the company's users by kind, status or a name fragment, by email; sorted, paged or as CSV",
        querystring: listUsersQuerySchema,
        response: { 200: pageSchema(userSchema) },
      },
    },
    async (request, reply) => {
      const { companyId } = request.context;
      if (request.query.format === 'json') return listUserPage(request.db, companyId, request.query);
      return sendCsv(reply, {
        fileName: 'users.csv',
        columns: userCsvColumns,
        batches: await exportUsers(request.db, companyId, request.query, csvExportMaxRows),
      });
    },
  );

  app.post(
    '/v1/users',
    {
      config: { permission: 'identity:write' },
      schema: {
        tags: ['identity'],
        summary: 'Create a user; returns a one-time token with which the user sets a password',
        body: z.object({
          kind: z.enum(principalKinds).default('staff'),
          email: z.string().min(3).max(254),
          displayName: z.string().min(1).max(200),
          roles: z.array(z.string().max(40)).max(20).default([]).describe('Role codes, such as cashier'),
          customerId: z.uuid().optional().describe('The customer a customer user signs in as'),
        }),
        response: { 201: z.object({ user: userSchema, passwordSetup: passwordTokenSchema }) },
      },
    },
    async (request, reply) => {
      const created = await createUser(request.db, request.context, {
        ...request.body,
        grantorPermissions: request.permissions,
      });
      return reply.status(201).send({
        user: created.user,
        passwordSetup: { token: created.passwordSetupToken, expiresAt: created.passwordSetupExpiresAt },
      });
    },
  );

  app.get(
    '/v1/users/:id',
    {
      config: { permission: 'identity:read' },
      schema: {
        tags: ['identity'],
        summary: 'A user with its roles',
        params: idParams,
        response: { 200: userSchema },
      },
    },
    (request) => getUser(request.db, request.context.companyId, request.params.id),
  );

  app.patch(
    '/v1/users/:id',
    {
      config: { permission: 'identity:write' },
      schema: {
        tags: ['identity'],
        summary: "Change a user's roles or status, or lift a lockout",
        params: idParams,
        body: z.object({
          roles: z.array(z.string().max(40)).max(20).optional(),
          status: z.enum(['active', 'disabled']).optional(),
          unlock: z.boolean().optional(),
        }),
        response: { 200: userSchema },
      },
    },
    (request) =>
      updateUser(request.db, request.context, request.params.id, {
        ...request.body,
        grantorPermissions: request.permissions,
      }),
  );

  app.post(
    '/v1/users/:id/password-reset',
    {
      config: { permission: 'identity:write' },
      schema: {
        tags: ['identity'],
        summary:
          'Issue a one-time password reset token for a user, to hand over in person or by a trusted channel',
        params: idParams,
        response: { 201: passwordTokenSchema },
      },
    },
    async (request, reply) => {
      const reset = await issueUserPasswordReset(
        request.db,
        request.context,
        request.params.id,
        request.permissions,
      );
      return reply.status(201).send({ token: reset.token, expiresAt: reset.expiresAt.toISOString() });
    },
  );

  app.get(
    '/v1/roles',
    {
      config: { permission: 'identity:read' },
      schema: {
        tags: ['identity'],
        summary: "List the company's roles and their permissions",
        response: { 200: z.object({ items: z.array(roleSchema) }) },
      },
    },
    async (request) => ({ items: (await listRoles(request.db, request.context.companyId)).map(toRoleJson) }),
  );

  app.post(
    '/v1/roles',
    {
      config: { permission: 'identity:write' },
      schema: {
        tags: ['identity'],
        summary: 'Create a role from permissions you hold yourself',
        body: z.object({
          code: z.string().max(40),
          name: z.string().max(100),
          permissions: z.array(z.string().max(40)).min(1).max(100),
        }),
        response: { 201: roleSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(toRoleJson(await createRole(request.db, request.context, request.body, request.permissions))),
  );

  app.patch(
    '/v1/roles/:id',
    {
      config: { permission: 'identity:write' },
      schema: {
        tags: ['identity'],
        summary: "Rename a company's own role or change its permissions; built-in roles do not change",
        params: idParams,
        body: z.object({
          name: z.string().max(100).optional(),
          permissions: z.array(z.string().max(40)).min(1).max(100).optional(),
        }),
        response: { 200: roleSchema },
      },
    },
    async (request) =>
      toRoleJson(
        await updateRole(request.db, request.context, request.params.id, request.body, request.permissions),
      ),
  );
};

function toRoleJson(role: RoleRow) {
  return {
    id: role.id,
    code: role.code,
    name: role.name,
    permissions: role.permissions,
    builtIn: role.built_in,
  };
}
