import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import {
  invalidInput,
  notFound,
  ruleViolation,
  type FieldIssue,
} from '../../../platform/errors/app-error.js';
import { newId } from '../../../platform/ids/new-id.js';
import { createSigningSecret } from '../domain/webhook-signature.js';
import { parseWebhookUrl } from '../domain/webhook-target.js';

/** A subscription as callers see it: the signing secret is shown only once, when it is created. */
export type WebhookSubscription = {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  status: 'active' | 'disabled';
  createdAt: string;
};

const EVENT_TYPE = /^[a-z][a-z-]*\.[a-z][a-z-]*$/;

/** Active subscriptions a company may have, so that one company cannot swamp the dispatcher. */
export const maxActiveSubscriptions = 20;

type SubscriptionRow = {
  id: string;
  url: string;
  description: string;
  event_types: string[];
  status: 'active' | 'disabled';
  created_at: Date;
};

function toSubscription(row: SubscriptionRow): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    status: row.status,
    createdAt: row.created_at.toISOString(),
  };
}

const columns = ['id', 'url', 'description', 'event_types', 'status', 'created_at'] as const;

/** Subscribes a URL to the company's events and returns the signing secret, which is shown only here. */
export async function createWebhookSubscription(
  db: Db,
  context: RequestContext,
  input: { url: string; description?: string | undefined; eventTypes: string[] },
): Promise<{ subscription: WebhookSubscription; signingSecret: string }> {
  assertPermission(context, 'webhooks:write');
  const issues: FieldIssue[] = [];
  const url = parseWebhookUrl(input.url);
  if (typeof url === 'string') issues.push({ path: 'url', message: `"${input.url}" ${url}` });
  input.eventTypes.forEach((type, index) => {
    if (!EVENT_TYPE.test(type)) {
      issues.push({
        path: `eventTypes.${index}`,
        message: `"${type}" is not an event type such as payment.posted`,
      });
    }
  });
  if (issues.length > 0)
    throw invalidInput('WEBHOOKS.INVALID_SUBSCRIPTION', 'The subscription is invalid.', issues);

  const id = newId();
  const signingSecret = createSigningSecret();
  const active = await db
    .selectFrom('platform.webhook_subscription')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('company_id', '=', context.companyId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  if (Number(active.count) >= maxActiveSubscriptions) {
    throw ruleViolation(
      'WEBHOOKS.TOO_MANY_SUBSCRIPTIONS',
      `A company may have ${maxActiveSubscriptions} active webhook subscriptions: disable one first, or subscribe one receiver to several event types.`,
    );
  }
  const eventTypes = [...new Set(input.eventTypes)].sort();
  const row = await db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto('platform.webhook_subscription')
      .values({
        company_id: context.companyId,
        id,
        url: input.url,
        description: input.description ?? '',
        event_types: eventTypes,
        signing_secret: signingSecret,
      })
      .returning(columns)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, context, [
      {
        entityType: 'webhook-subscription',
        entityId: id,
        action: 'create',
        changes: createdFields({ url: input.url, event_types: eventTypes }),
      },
    ]);
    return created;
  });
  return { subscription: toSubscription(row), signingSecret };
}

export async function listWebhookSubscriptions(
  db: DbOrTrx,
  companyId: string,
): Promise<WebhookSubscription[]> {
  const rows = await db
    .selectFrom('platform.webhook_subscription')
    .select(columns)
    .where('company_id', '=', companyId)
    .orderBy('created_at')
    .execute();
  return rows.map(toSubscription);
}

/** Stops sending to a subscription; deliveries already made stay in the log. */
export async function disableWebhookSubscription(
  db: Db,
  context: RequestContext,
  id: string,
): Promise<WebhookSubscription> {
  assertPermission(context, 'webhooks:write');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('platform.webhook_subscription')
      .set({ status: 'disabled' })
      .where('company_id', '=', context.companyId)
      .where('id', '=', id)
      .returning(columns)
      .executeTakeFirst();
    if (!row) {
      throw notFound(
        'WEBHOOKS.SUBSCRIPTION_NOT_FOUND',
        `Webhook subscription ${id} does not exist in this company.`,
      );
    }
    // Nothing more goes out: deliveries still waiting are closed as failed, with the reason.
    await trx
      .updateTable('platform.webhook_delivery')
      .set({ status: 'failed', last_error: 'the subscription was disabled' })
      .where('company_id', '=', context.companyId)
      .where('subscription_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    await recordAudit(trx, context, [
      {
        entityType: 'webhook-subscription',
        entityId: id,
        action: 'update',
        changes: { status: ['active', 'disabled'] },
      },
    ]);
    return toSubscription(row);
  });
}

/** Lists a subscription's deliveries, newest event first, with their last attempt. */
export async function listWebhookDeliveries(
  db: DbOrTrx,
  companyId: string,
  subscriptionId: string,
  limit: number,
) {
  const subscription = await db
    .selectFrom('platform.webhook_subscription')
    .select('id')
    .where('company_id', '=', companyId)
    .where('id', '=', subscriptionId)
    .executeTakeFirst();
  if (!subscription) {
    throw notFound(
      'WEBHOOKS.SUBSCRIPTION_NOT_FOUND',
      `Webhook subscription ${subscriptionId} does not exist in this company.`,
    );
  }
  const rows = await db
    .selectFrom('platform.webhook_delivery')
    .select([
      'id',
      'event_id',
      'event_type',
      'aggregate_type',
      'aggregate_id',
      'status',
      'attempts',
      'next_attempt_at',
      'last_status_code',
      'last_error',
      'delivered_at',
    ])
    .where('company_id', '=', companyId)
    .where('subscription_id', '=', subscriptionId)
    .orderBy('event_id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    eventType: row.event_type,
    aggregate: { type: row.aggregate_type, id: row.aggregate_id },
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    deliveredAt: row.delivered_at?.toISOString() ?? null,
  }));
}
