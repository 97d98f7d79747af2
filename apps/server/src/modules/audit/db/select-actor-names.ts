import { sql } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { AuditEvent } from '../domain/audit-event.js';
import { distinctUuids } from './distinct-uuids.js';

/** The key of an actor in the map that selectActorNames returns, such as `user:3f2a…`. */
export function actorKey(actor: AuditEvent['actor']): string {
  return `${actor.kind}:${actor.id.toLowerCase()}`;
}

/**
 * Selects the display names of the users and the names of the API keys among `actors`, in one query,
 * keyed by actorKey. System actors have no name, and an id that is no UUID matches no row.
 */
export async function selectActorNames(
  db: DbOrTrx,
  companyId: string,
  actors: readonly AuditEvent['actor'][],
): Promise<Map<string, string>> {
  const idsOf = (kind: AuditEvent['actor']['kind']) =>
    distinctUuids(actors.filter((actor) => actor.kind === kind).map((actor) => actor.id));
  const userIds = idsOf('user');
  const apiKeyIds = idsOf('api-key');
  if (userIds.length === 0 && apiKeyIds.length === 0) return new Map();

  const result = await sql<{ kind: AuditEvent['actor']['kind']; id: string; name: string }>`
    select 'user' as kind, id::text as id, display_name as name
      from identity.user_account
     where company_id = ${companyId} and id = any(${userIds}::uuid[])
    union all
    select 'api-key', id::text, name
      from identity.api_key
     where company_id = ${companyId} and id = any(${apiKeyIds}::uuid[])
  `.execute(db);
  return new Map(result.rows.map((row) => [actorKey(row), row.name]));
}
