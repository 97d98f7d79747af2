import type { RequestContext, Trx } from '../context/request-context.js';
import type { RawBuilder } from 'kysely';
import { copyRows, insertStatement, type BulkColumnType } from '../db/copy-rows.js';
import { newId } from '../ids/new-id.js';

export type AuditEntry = {
  entityType: string;
  entityId: string;
  action: 'create' | 'update' | 'delete' | 'export';
  /** Changed fields: `{ field: [old, new] }`; for a create, the new values with `null` as old. */
  changes: Record<string, unknown>;
  /** The request that made this change, where one call records several requests' changes; else the call's. */
  madeBy?: Pick<RequestContext, 'actor' | 'requestId' | 'ip'>;
};

/** Appends audit events in the caller's transaction, so a change and its audit row commit together. */
export async function recordAudit(trx: Trx, context: RequestContext, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await copyRows(trx, 'platform.audit_event', auditColumns, auditRows(context, entries));
}

/** Returns the insert of audit events, to run in one statement with the change's own writes (see runWrites). */
export function auditWrite(context: RequestContext, entries: AuditEntry[]): RawBuilder<unknown>[] {
  if (entries.length === 0) return [];
  return [insertStatement('platform.audit_event', auditColumns, auditRows(context, entries))];
}

const auditColumns: Record<string, BulkColumnType> = {
  company_id: 'uuid',
  public_id: 'uuid',
  actor_kind: 'text',
  actor_id: 'text',
  request_id: 'text',
  ip: 'text',
  entity_type: 'text',
  entity_id: 'text',
  action: 'text',
  changes: 'jsonb',
};

function auditRows(context: RequestContext, entries: AuditEntry[]) {
  return entries.map(({ madeBy = context, ...entry }) => ({
    company_id: context.companyId,
    public_id: newId(),
    actor_kind: madeBy.actor.kind,
    actor_id: madeBy.actor.id,
    request_id: madeBy.requestId ?? null,
    ip: madeBy.ip ?? null,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    action: entry.action,
    changes: entry.changes,
  }));
}

/** Builds the `changes` of a created entity: every field with `null` as its old value. */
export function createdFields(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([field, value]) => [field, [null, value]]));
}
