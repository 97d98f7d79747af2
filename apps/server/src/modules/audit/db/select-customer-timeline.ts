import { sql } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { AuditEventRow } from './audit-event-rows.js';

/** The entity types of a customer's timeline, as the audit trail names them. */
export const timelineEntityTypes = [
  'customer',
  'account',
  'service-agreement',
  'bill',
  'payment',
  'payment_allocation',
] as const;

export type TimelineEntityType = (typeof timelineEntityTypes)[number];

/**
 * Selects, newest first, the audit events of a customer, its accounts, and their agreements, bills
 * (credit notes included), payments and payment allocations: `limit` of them before the event with
 * sequence number `beforeSequence`, when given.
 *
 * NOTE: the ids of the customer's records come from the customers, agreements, billing and payments
 * tables in the same statement, so that a customer with years of bills costs one indexed query.
 */
export async function selectCustomerTimeline(
  db: DbOrTrx,
  companyId: string,
  customerId: string,
  options: { entityTypes: readonly TimelineEntityType[]; beforeSequence?: string; limit: number },
): Promise<AuditEventRow[]> {
  const before = options.beforeSequence ? sql`and event.id < ${options.beforeSequence}::bigint` : sql``;
  const result = await sql<AuditEventRow>`
    with account as (
      select id from customers.account where company_id = ${companyId} and customer_id = ${customerId}
    ),
    payment as (
      select p.id from payments.payment p
      where p.company_id = ${companyId} and p.account_id in (select id from account)
    ),
    entity (entity_type, entity_id) as (
      select 'customer', ${customerId}::text
      union all select 'account', id::text from account
      union all
      select 'service-agreement', a.id::text from agreements.service_agreement a
      where a.company_id = ${companyId} and a.account_id in (select id from account)
      union all
      select 'bill', b.id::text from billing.bill b
      where b.company_id = ${companyId} and b.account_id in (select id from account)
      union all select 'payment', id::text from payment
      union all
      select 'payment_allocation', l.id::text from payments.payment_allocation l
      where l.company_id = ${companyId} and l.payment_id in (select id from payment)
    )
    select event.id, event.public_id, event.occurred_at, event.actor_kind, event.actor_id, event.request_id,
           event.entity_type, event.entity_id, event.action, event.changes
      from platform.audit_event event
      join entity on entity.entity_type = event.entity_type and entity.entity_id = event.entity_id
     where event.company_id = ${companyId}
       and event.entity_type = any(${[...options.entityTypes]}::text[])
       ${before}
     order by event.id desc
     limit ${options.limit}`.execute(db);
  return result.rows;
}
