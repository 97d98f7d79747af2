import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { actorKey, selectActorNames } from '../db/select-actor-names.js';
import type { AuditEvent, NamedAuditEvent } from '../domain/audit-event.js';

/** Adds each event's actor name, looked up for the whole page in one query. */
export async function nameActors<Event extends AuditEvent>(
  db: DbOrTrx,
  companyId: string,
  events: readonly Event[],
): Promise<(Omit<Event, 'actor'> & Pick<NamedAuditEvent, 'actor'>)[]> {
  const names = await selectActorNames(
    db,
    companyId,
    events.map((event) => event.actor),
  );
  return events.map((event) => ({
    ...event,
    actor: { ...event.actor, name: names.get(actorKey(event.actor)) ?? null },
  }));
}
