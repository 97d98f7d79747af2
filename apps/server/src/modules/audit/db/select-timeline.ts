import { sql } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { AuditEventRow } from './audit-event-rows.js';

/** The entity types of a customer's or an account's timeline, as the audit trail names them. */
export const timelineEntityTypes = [
  'customer',
  'account',
  'service-agreement',
  'bill',
  'payment',
  'payment_allocation',
  'prepaid-vend',
  'free-basic-allowance',
] as const;

export type TimelineEntityType = (typeof timelineEntityTypes)[number];

/** Whose records a timeline shows: a customer with all its accounts, or one account. */
export type TimelineScope = { customerId: string } | { accountId: string };

/**
 * Selects, newest first, the audit events of the records in `scope`: the customer itself (for a
 * customer's timeline), its accounts, and their agreements, bills (credit notes included), payments,
 * payment allocations, prepaid vends and free basic allowances. It selects `limit` of them before the
 * event with sequence number `beforeSequence`, when given.
 *
 * An allocation belongs to an account when it allocates one of the account's payments or pays one of
 * its bills, so an allocation between two accounts shows on both.
 *
 * NOTE: the ids of the records come from the customers, agreements, billing, payments and prepayment
 * tables in the same statement, each through its index by account, so that a customer with years of
 * bills costs one query.
 */
export async function selectTimeline(
  db: DbOrTrx,
  companyId: string,
  scope: TimelineScope,
  options: { entityTypes: readonly TimelineEntityType[]; beforeSequence?: string; limit: number },
): Promise<AuditEventRow[]> {
  const accountCondition =
    'customerId' in scope ? sql`customer_id = ${scope.customerId}` : sql`id = ${scope.accountId}`;
  const customerEntity =
    'customerId' in scope ? sql`select 'customer', ${scope.customerId}::text union all` : sql``;
  const before = options.beforeSequence ? sql`and event.id < ${options.beforeSequence}::bigint` : sql``;
  const result = await sql<AuditEventRow>`
    with account as (
      select id from customers.account where company_id = ${companyId} and ${accountCondition}
    ),
    bill as (
      select b.id from billing.bill b
      where b.company_id = ${companyId} and b.account_id in (select id from account)
    ),
    payment as (
      select p.id from payments.payment p
      where p.company_id = ${companyId} and p.account_id in (select id from account)
    ),
    allocation as (
      select l.id from payments.payment_allocation l
      where l.company_id = ${companyId} and l.payment_id in (select id from payment)
      union
      select l.id from payments.payment_allocation l
      where l.company_id = ${companyId} and l.bill_id in (select id from bill)
    ),
    entity (entity_type, entity_id) as (
      ${customerEntity}
      select 'account', id::text from account
      union all
      select 'service-agreement', a.id::text from agreements.service_agreement a
      where a.company_id = ${companyId} and a.account_id in (select id from account)
      union all select 'bill', id::text from bill
      union all select 'payment', id::text from payment
      union all select 'payment_allocation', id::text from allocation
      union all
      select 'prepaid-vend', v.id::text from prepayment.vend v
      where v.company_id = ${companyId} and v.account_id in (select id from account)
      union all
      select 'free-basic-allowance', f.id::text from prepayment.free_basic_allowance f
      where f.company_id = ${companyId} and f.account_id in (select id from account)
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
