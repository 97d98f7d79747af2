import { sql } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import { invalidInput } from '../../../platform/errors/app-error.js';
import type { AuditEvent } from '../domain/audit-event.js';

/** A row of platform.audit_event as the audit queries select it. */
export type AuditEventRow = {
  id: string;
  public_id: string;
  occurred_at: Date;
  actor_kind: AuditEvent['actor']['kind'];
  actor_id: string;
  request_id: string | null;
  entity_type: string;
  entity_id: string;
  action: AuditEvent['action'];
  changes: Record<string, unknown>;
};

/** Converts a row into an event with its values unredacted. */
export function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    id: row.public_id,
    occurredAt: row.occurred_at.toISOString(),
    actor: { kind: row.actor_kind, id: row.actor_id },
    requestId: row.request_id,
    entityType: row.entity_type,
    entityId: row.entity_id,
    action: row.action,
    changes: row.changes,
    redacted: false,
  };
}

/**
 * Returns the internal sequence number of the event with a public id, which pages sort by, or throws
 * AUDIT.UNKNOWN_CURSOR naming the `before` parameter.
 */
export async function getEventSequence(db: DbOrTrx, companyId: string, publicId: string): Promise<string> {
  const cursor = await sql<{ id: string }>`
    select id from platform.audit_event where company_id = ${companyId} and public_id = ${publicId}
  `.execute(db);
  const sequence = cursor.rows[0]?.id;
  if (sequence === undefined) {
    throw invalidInput(
      'AUDIT.UNKNOWN_CURSOR',
      `Invalid before: no audit event of this company has the id ${publicId}; pass the nextBefore of the previous page.`,
      [{ path: 'before', message: `no audit event has the id ${publicId}` }],
    );
  }
  return sequence;
}
