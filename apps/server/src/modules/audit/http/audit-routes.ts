import { z } from 'zod';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { auditQuerySchema, listAuditEvents } from '../app/list-audit-events.js';
import { nameActors } from '../app/name-actors.js';

export const auditEventSchema = z
  .object({
    id: z.uuid().describe('The event id, which says nothing about other events or companies'),
    occurredAt: z.iso.datetime(),
    actor: z.object({
      kind: z.enum(['api-key', 'user', 'system']),
      id: z.string(),
      name: z
        .string()
        .nullable()
        .describe(
          "The user's display name or the API key's name; null for the system and for a user or key not found",
        ),
    }),
    requestId: z.string().nullable(),
    entityType: z.string(),
    entityId: z.string(),
    action: z.enum(['create', 'update', 'delete', 'export']),
    changes: z.record(z.string(), z.unknown()),
    redacted: z.boolean().describe('True when the values are hidden: the key may not read this entity'),
  })
  .meta({ id: 'AuditEvent' });

export const auditRoutes: RoutePlugin = (app) => {
  app.get(
    '/v1/audit-events',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: "List the company's audit events, newest first, by entity, actor and time",
        querystring: auditQuerySchema,
        response: {
          200: z.object({
            items: z.array(auditEventSchema),
            nextBefore: z
              .string()
              .nullable()
              .describe('Pass as `before` for the next page; null on the last'),
          }),
        },
      },
    },
    async (request) => {
      const { companyId } = request.context;
      const page = await listAuditEvents(request.db, companyId, request.query, request.permissions);
      return { ...page, items: await nameActors(request.db, companyId, page.items) };
    },
  );
};
