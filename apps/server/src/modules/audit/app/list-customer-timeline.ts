import { z } from 'zod';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { getCustomer } from '../../customers/index.js';
import { getEventSequence, toAuditEvent } from '../db/audit-event-rows.js';
import { auditQuerySchema } from './list-audit-events.js';
import { selectCustomerTimeline, timelineEntityTypes } from '../db/select-customer-timeline.js';
import { redactAuditEvent, type AuditEvent } from '../domain/audit-event.js';

// The same cursor and page size as the audit event list.
export const timelineQuerySchema = auditQuerySchema.pick({ before: true, limit: true }).extend({
  entityType: z
    .enum(timelineEntityTypes)
    .optional()
    .describe('Only the events of this kind of record; all of them when absent'),
});

export type TimelineQuery = z.infer<typeof timelineQuerySchema>;

/**
 * Lists a customer's activity from the audit trail, newest first, a page at a time: the changes to the
 * customer, its accounts, and their agreements, bills, payments and payment allocations. Values of
 * records the principal may not read are redacted as in the audit event list. Throws
 * CUSTOMERS.CUSTOMER_NOT_FOUND for a customer of another company.
 */
export async function listCustomerTimeline(
  db: DbOrTrx,
  context: RequestContext,
  customerId: string,
  query: TimelineQuery,
): Promise<{ items: AuditEvent[]; nextBefore: string | null }> {
  await getCustomer(db, context, customerId);
  const beforeSequence = query.before
    ? await getEventSequence(db, context.companyId, query.before)
    : undefined;
  const rows = await selectCustomerTimeline(db, context.companyId, customerId, {
    entityTypes: query.entityType ? [query.entityType] : timelineEntityTypes,
    limit: query.limit + 1,
    ...(beforeSequence ? { beforeSequence } : {}),
  });

  const page = rows.slice(0, query.limit);
  const granted = context.permissions ?? ['*'];
  return {
    items: page.map((row) => redactAuditEvent(toAuditEvent(row), granted)),
    nextBefore: rows.length > query.limit ? (page.at(-1)?.public_id ?? null) : null,
  };
}
