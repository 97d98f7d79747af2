import { sql } from 'kysely';
import type { Db, Trx } from '../../../platform/context/request-context.js';

export type ClaimedDelivery = {
  id: string;
  subscriptionId: string;
  url: string;
  signingSecret: string;
  eventId: string;
  eventType: string;
  aggregateType: string;
  aggregateId: string;
  payload: unknown;
  eventCreatedAt: Date;
  attempts: number;
};

/** Lists the companies with outbox events not yet fanned out or deliveries due, across the installation. */
export async function listCompaniesWithWebhookWork(platform: Db): Promise<string[]> {
  const result = await sql<{ company_id: string }>`
    select distinct company_id from platform.outbox_event where dispatched_at is null
    union
    select distinct company_id from platform.webhook_delivery
    where status = 'pending' and next_attempt_at <= now()`.execute(platform);
  return result.rows.map((row) => row.company_id);
}

/**
 * Turns up to `limit` undispatched outbox events, oldest first, into one delivery per active subscription
 * that wants the event type, and marks the events dispatched. SKIP LOCKED lets several servers share the
 * work. Returns how many events it took.
 */
export async function fanOutOutboxEvents(trx: Trx, companyId: string, limit: number): Promise<number> {
  const result = await sql<{ events: number }>`
    with events as (
      select id, event_type, aggregate_type, aggregate_id, payload, created_at
      from platform.outbox_event
      where company_id = ${companyId} and dispatched_at is null
      order by id
      limit ${limit}
      for update skip locked
    ), fanned as (
      insert into platform.webhook_delivery (company_id, id, subscription_id, event_id, event_type,
        aggregate_type, aggregate_id, payload, event_created_at)
      select ${companyId}, gen_random_uuid(), subscription.id, events.id, events.event_type,
        events.aggregate_type, events.aggregate_id, events.payload, events.created_at
      from events
      join platform.webhook_subscription subscription
        on subscription.company_id = ${companyId} and subscription.status = 'active'
        and (cardinality(subscription.event_types) = 0 or events.event_type = any (subscription.event_types))
      on conflict do nothing
      returning 1
    ), dispatched as (
      update platform.outbox_event set dispatched_at = now()
      where company_id = ${companyId} and id in (select id from events)
      returning 1
    )
    select (select count(*) from dispatched)::int as events`.execute(trx);
  return result.rows[0]?.events ?? 0;
}

/**
 * Claims up to `limit` due deliveries and moves them `leaseMs` ahead, so that no other sender takes them
 * meanwhile and a crashed sender's claims become due again. Only the oldest pending delivery of each
 * subscription and aggregate qualifies, so a receiver gets the events of one aggregate in order.
 */
export async function claimDueDeliveries(
  trx: Trx,
  companyId: string,
  limit: number,
  leaseMs: number,
): Promise<ClaimedDelivery[]> {
  const result = await sql<ClaimedDelivery>`
    with due as (
      select delivery.id
      from platform.webhook_delivery delivery
      join platform.webhook_subscription active
        on active.company_id = delivery.company_id and active.id = delivery.subscription_id
        and active.status = 'active'
      where delivery.company_id = ${companyId} and delivery.status = 'pending'
        and delivery.next_attempt_at <= now()
        and not exists (
          select 1 from platform.webhook_delivery earlier
          where earlier.company_id = delivery.company_id
            and earlier.subscription_id = delivery.subscription_id
            and earlier.aggregate_type = delivery.aggregate_type
            and earlier.aggregate_id = delivery.aggregate_id
            and earlier.status = 'pending'
            and earlier.event_id < delivery.event_id)
      order by delivery.event_id
      limit ${limit}
      for update of delivery skip locked
    )
    update platform.webhook_delivery delivery
    set next_attempt_at = now() + ${`${leaseMs} milliseconds`}::interval
    from due, platform.webhook_subscription subscription
    where delivery.company_id = ${companyId} and delivery.id = due.id
      and subscription.company_id = delivery.company_id and subscription.id = delivery.subscription_id
    returning delivery.id, delivery.subscription_id as "subscriptionId", subscription.url,
      subscription.signing_secret as "signingSecret", delivery.event_id as "eventId",
      delivery.event_type as "eventType", delivery.aggregate_type as "aggregateType",
      delivery.aggregate_id as "aggregateId", delivery.payload, delivery.event_created_at as "eventCreatedAt",
      delivery.attempts`.execute(trx);
  return result.rows;
}

export type AttemptOutcome = {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** delivered, retry at the given time, or failed for good. */
  next: { kind: 'delivered' } | { kind: 'retry'; at: Date } | { kind: 'failed' };
};

/** Logs one attempt and moves the delivery on: delivered, due again later, or failed. */
export async function recordAttempt(
  trx: Trx,
  companyId: string,
  delivery: ClaimedDelivery,
  outcome: AttemptOutcome,
): Promise<void> {
  const attempt = delivery.attempts + 1;
  await trx
    .insertInto('platform.webhook_attempt')
    .values({
      company_id: companyId,
      delivery_id: delivery.id,
      attempt,
      status_code: outcome.statusCode,
      error: outcome.error,
      duration_ms: outcome.durationMs,
    })
    .execute();
  const next = outcome.next;
  await trx
    .updateTable('platform.webhook_delivery')
    .set({
      attempts: attempt,
      last_status_code: outcome.statusCode,
      last_error: outcome.error,
      ...(next.kind === 'delivered' ? { status: 'delivered', delivered_at: new Date() } : {}),
      ...(next.kind === 'failed' ? { status: 'failed' } : {}),
      ...(next.kind === 'retry' ? { next_attempt_at: next.at } : {}),
    })
    .where('company_id', '=', companyId)
    .where('id', '=', delivery.id)
    .execute();
}
