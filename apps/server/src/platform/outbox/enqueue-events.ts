import type { RequestContext, Trx } from '../context/request-context.js';
import { copyRows } from '../db/copy-rows.js';

export type DomainEvent = {
  aggregateType: string;
  aggregateId: string;
  /** Past-tense name such as `bill.issued` or `payment.posted`. */
  eventType: string;
  payload: Record<string, unknown>;
};

/**
 * Writes domain events to the outbox in the caller's transaction; a dispatcher delivers them after
 * commit, so an event exists if and only if its change committed.
 */
export async function enqueueEvents(trx: Trx, context: RequestContext, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await copyRows(
    trx,
    'platform.outbox_event',
    {
      company_id: 'uuid',
      aggregate_type: 'text',
      aggregate_id: 'text',
      event_type: 'text',
      payload: 'jsonb',
    },
    events.map((event) => ({
      company_id: context.companyId,
      aggregate_type: event.aggregateType,
      aggregate_id: event.aggregateId,
      event_type: event.eventType,
      payload: event.payload,
    })),
  );
}
