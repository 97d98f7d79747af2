import type { RequestContext, Trx } from '../context/request-context.js';
import type { RawBuilder } from 'kysely';
import { copyRows, insertStatement, type BulkColumnType } from '../db/copy-rows.js';

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
  await copyRows(trx, 'platform.outbox_event', eventColumns, eventRows(context, events));
}

/** Returns the insert of domain events, to run in one statement with the change's own writes (see runWrites). */
export function eventWrite(context: RequestContext, events: DomainEvent[]): RawBuilder<unknown>[] {
  if (events.length === 0) return [];
  return [insertStatement('platform.outbox_event', eventColumns, eventRows(context, events))];
}

const eventColumns: Record<string, BulkColumnType> = {
  company_id: 'uuid',
  aggregate_type: 'text',
  aggregate_id: 'text',
  event_type: 'text',
  payload: 'jsonb',
};

function eventRows(context: RequestContext, events: DomainEvent[]) {
  return events.map((event) => ({
    company_id: context.companyId,
    aggregate_type: event.aggregateType,
    aggregate_id: event.aggregateId,
    event_type: event.eventType,
    payload: event.payload,
  }));
}
