import { z } from 'zod';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { auditQuerySchema, listAuditEvents } from '../app/list-audit-events.js';

export const auditEventSchema = z
  .object({
    id: z.uuid().describe('The event id, which says nothing about other events or companies'),
    occurredAt: z.iso.datetime(),
    actor: z.object({ kind: z.enum(['api-key', 'user', 'system']), id: z.string() }),
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
    (request) => listAuditEvents(request.db, request.context.companyId, request.query, request.permissions),
  );
};
