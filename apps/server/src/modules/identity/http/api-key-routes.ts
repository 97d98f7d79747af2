import { z } from 'zod';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { createApiKey } from '../app/create-api-key.js';
import { listApiKeys } from '../app/list-api-keys.js';
import { revokeApiKey } from '../app/revoke-api-key.js';

const apiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    permissions: z.array(z.string()),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiKey' });

const createApiKeyBody = z.object({
  name: z.string().min(1).max(100),
  permissions: z.array(z.string()).min(1).describe('Permissions such as customers:read, billing:write or *.'),
});

export const apiKeyRoutes: RoutePlugin = (app) => {
  app.get(
    '/v1/api-keys',
    {
      config: { permission: 'identity:read' },
      schema: {
        tags: ['identity'],
        summary: "List the company's API keys, revoked ones included",
        response: { 200: z.object({ items: z.array(apiKeySchema) }) },
      },
    },
    (request) => listApiKeys(request.db, request.context.companyId),
  );

  app.post(
    '/v1/api-keys',
    {
      config: { permission: 'identity:write' },
      schema: {
        tags: ['identity'],
        summary: 'Create an API key; the response shows its token once',
        body: createApiKeyBody,
        response: { 201: z.object({ apiKey: apiKeySchema, token: z.string() }) },
      },
    },
    async (request, reply) => {
      const created = await createApiKey(request.db, request.context, {
        ...request.body,
        grantorPermissions: request.permissions,
      });
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/v1/api-keys/:id/revoke',
    {
      config: { permission: 'identity:write' },
      schema: {
        tags: ['identity'],
        summary: 'Revoke an API key',
        params: z.object({ id: z.uuid() }),
        response: { 200: apiKeySchema },
      },
    },
    (request) => revokeApiKey(request.db, request.context, request.params.id, request.permissions),
  );
};
