import { z } from 'zod';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import {
  createWebhookSubscription,
  disableWebhookSubscription,
  listWebhookDeliveries,
  listWebhookSubscriptions,
} from '../app/manage-subscriptions.js';

const subscriptionSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.string()).describe('Event types sent; empty means every event'),
    status: z.enum(['active', 'disabled']),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookSubscription' });

const deliverySchema = z
  .object({
    id: z.uuid(),
    eventType: z.string(),
    aggregate: z.object({ type: z.string(), id: z.string() }),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: z.iso.datetime().nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'WebhookDelivery' });

const idParams = z.object({ id: z.uuid() });

/** Webhook subscriptions and their delivery log: /v1/webhook-subscriptions. */
export const webhookRoutes: RoutePlugin = (app) => {
  app.get(
    '/v1/webhook-subscriptions',
    {
      config: { permission: 'webhooks:read' },
      schema: {
        tags: ['webhooks'],
        summary: "List the company's webhook subscriptions",
        response: { 200: z.object({ items: z.array(subscriptionSchema) }) },
      },
    },
    async (request) => ({ items: await listWebhookSubscriptions(request.db, request.context.companyId) }),
  );

  app.post(
    '/v1/webhook-subscriptions',
    {
      config: { permission: 'webhooks:write' },
      schema: {
        tags: ['webhooks'],
        summary:
          'Subscribe a URL to events; returns the signing secret once. Each delivery carries cis-signature: v1=HMAC-SHA256(secret, "<cis-timestamp>.<body>")',
        body: z.object({
          url: z.string().max(2000),
          description: z.string().max(200).optional(),
          eventTypes: z.array(z.string().max(100)).max(100).default([]),
        }),
        response: { 201: z.object({ subscription: subscriptionSchema, signingSecret: z.string() }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createWebhookSubscription(request.db, request.context, request.body)),
  );

  app.post(
    '/v1/webhook-subscriptions/:id/disable',
    {
      config: { permission: 'webhooks:write' },
      schema: {
        tags: ['webhooks'],
        summary: 'Stop sending to a subscription',
        params: idParams,
        response: { 200: subscriptionSchema },
      },
    },
    (request) => disableWebhookSubscription(request.db, request.context, request.params.id),
  );

  app.get(
    '/v1/webhook-subscriptions/:id/deliveries',
    {
      config: { permission: 'webhooks:read' },
      schema: {
        tags: ['webhooks'],
        summary: "A subscription's deliveries, newest event first: status, attempts, last answer",
        params: idParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(deliverySchema) }) },
      },
    },
    async (request) => ({
      items: await listWebhookDeliveries(
        request.db,
        request.context.companyId,
        request.params.id,
        request.query.limit,
      ),
    }),
  );
};
