import { sql } from 'kysely';
import { z } from 'zod';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { invalidInput } from '../../../platform/errors/app-error.js';
import { getEventSequence, toAuditEvent, type AuditEventRow } from '../db/audit-event-rows.js';
import { redactAuditEvent, type AuditEvent } from '../domain/audit-event.js';

// PostgreSQL has no year 0 (1 BC comes before AD 1) and rejects an ISO 8601 year 0000, and an audit trail
// starts long after year 1 anyway.
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');

const instant = z.iso
  .datetime({ offset: true })
  .refine((value) => Date.parse(value) >= EARLIEST, 'must be in year 0001 or later');

// Text filters go into the query as values; PostgreSQL text cannot hold a NUL character.
const filterText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain a NUL character');

export const auditQuerySchema = z.object({
  entityType: filterText(60).optional(),
  entityId: filterText(200).optional(),
  actorKind: z.enum(['api-key', 'user', 'system']).optional(),
  actorId: filterText(200).optional(),
  from: instant.optional().describe('Events at or after this instant, such as 2026-12-01T00:00:00Z'),
  to: instant.optional().describe('Events before this instant, such as 2026-12-02T00:00:00Z'),
  before: z
    .uuid('must be an event id (a UUID) from the previous page')
    .optional()
    .describe('Page cursor: events older than the event with this id'),
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('Events per page, 1 to 500'),
});

export type AuditQuery = z.infer<typeof auditQuerySchema>;

/**
 * Lists a company's audit events, newest first, filtered by entity, actor and time, a page at a time.
 * Values the principal may not read are redacted (see redactAuditEvent).
 */
export async function listAuditEvents(
  db: DbOrTrx,
  companyId: string,
  query: AuditQuery,
  granted: readonly string[],
): Promise<{ items: AuditEvent[]; nextBefore: string | null }> {
  if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
    throw invalidInput(
      'AUDIT.INVALID_TIME_RANGE',
      `Invalid time range: from ${query.from} is not before to ${query.to}; give an earlier from or a later to.`,
      [{ path: 'from', message: `must be before to (${query.to})` }],
    );
  }

  const conditions = [sql`company_id = ${companyId}`];
  if (query.entityType) conditions.push(sql`entity_type = ${query.entityType}`);
  if (query.entityId) conditions.push(sql`entity_id = ${query.entityId}`);
  if (query.actorKind) conditions.push(sql`actor_kind = ${query.actorKind}`);
  if (query.actorId) conditions.push(sql`actor_id = ${query.actorId}`);
  if (query.from) conditions.push(sql`occurred_at >= ${query.from}::timestamptz`);
  if (query.to) conditions.push(sql`occurred_at < ${query.to}::timestamptz`);
  if (query.before) {
    // The cursor is a public id; the events sort by the internal number, which never leaves the database.
    const cursorSequence = await getEventSequence(db, companyId, query.before);
    conditions.push(sql`id < ${cursorSequence}::bigint`);
  }

  const result = await sql<AuditEventRow>`
    select id, public_id, occurred_at, actor_kind, actor_id, request_id, entity_type, entity_id, action, changes
    from platform.audit_event
    where ${sql.join(conditions, sql` and `)}
    order by id desc
    limit ${query.limit + 1}
  `.execute(db);

  const rows = result.rows.slice(0, query.limit);
  const items = rows.map((row) => redactAuditEvent(toAuditEvent(row), granted));
  const more = result.rows.length > query.limit;
  return { items, nextBefore: more ? (rows.at(-1)?.public_id ?? null) : null };
}
