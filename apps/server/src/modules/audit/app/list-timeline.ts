import { z } from 'zod';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { getAccount, getCustomer } from '../../customers/index.js';
import { getEventSequence, toAuditEvent } from '../db/audit-event-rows.js';
import { recordKey, selectRecordSummaries } from '../db/select-record-summaries.js';
import { selectTimeline, timelineEntityTypes, type TimelineScope } from '../db/select-timeline.js';
import { redactAuditEvent } from '../domain/audit-event.js';
import type { TimelineEvent } from '../domain/timeline-event.js';
import { auditQuerySchema } from './list-audit-events.js';
import { nameActors } from './name-actors.js';

// The same cursor and page size as the audit event list.
export const timelineQuerySchema = auditQuerySchema.pick({ before: true, limit: true }).extend({
  entityType: z
    .enum(timelineEntityTypes)
    .optional()
    .describe('Only the events of this kind of record; all of them when absent'),
});

export type TimelineQuery = z.infer<typeof timelineQuerySchema>;

export type TimelinePage = { items: TimelineEvent[]; nextBefore: string | null };

/**
 * Lists a customer's activity from the audit trail, newest first, a page at a time: the changes to the
 * customer, its accounts, and their agreements, bills, payments, payment allocations, prepaid vends and
 * free basic allowances. Throws CUSTOMERS.CUSTOMER_NOT_FOUND for a customer of another company.
 */
export async function listCustomerTimeline(
  db: DbOrTrx,
  context: RequestContext,
  customerId: string,
  query: TimelineQuery,
): Promise<TimelinePage> {
  await getCustomer(db, context, customerId);
  return listTimeline(db, context, { customerId }, query);
}

/**
 * Lists an account's activity from the audit trail, newest first, a page at a time: the changes to the
 * account and its agreements, bills, payments (reversals included), payment allocations, prepaid vends
 * and free basic allowances. Throws CUSTOMERS.ACCOUNT_NOT_FOUND for an account of another company.
 */
export async function listAccountTimeline(
  db: DbOrTrx,
  context: RequestContext,
  accountId: string,
  query: TimelineQuery,
): Promise<TimelinePage> {
  await getAccount(db, context, accountId);
  return listTimeline(db, context, { accountId }, query);
}

/**
 * Selects a page of the scope's events and adds the actors' names and the records' summaries, with two
 * queries for the whole page. Values of records the principal may not read are redacted as in the audit
 * event list, and their summaries are null.
 */
async function listTimeline(
  db: DbOrTrx,
  context: RequestContext,
  scope: TimelineScope,
  query: TimelineQuery,
): Promise<TimelinePage> {
  const beforeSequence = query.before
    ? await getEventSequence(db, context.companyId, query.before)
    : undefined;
  const rows = await selectTimeline(db, context.companyId, scope, {
    entityTypes: query.entityType ? [query.entityType] : timelineEntityTypes,
    limit: query.limit + 1,
    ...(beforeSequence ? { beforeSequence } : {}),
  });

  const page = rows.slice(0, query.limit);
  const granted = context.permissions ?? ['*'];
  const events = await nameActors(
    db,
    context.companyId,
    page.map((row) => redactAuditEvent(toAuditEvent(row), granted)),
  );
  const summaries = await selectRecordSummaries(
    db,
    context.companyId,
    events.filter((event) => !event.redacted),
  );
  return {
    items: events.map((event) => ({
      ...event,
      record: event.redacted ? null : (summaries.get(recordKey(event.entityType, event.entityId)) ?? null),
    })),
    nextBefore: rows.length > query.limit ? (page.at(-1)?.public_id ?? null) : null,
  };
}
