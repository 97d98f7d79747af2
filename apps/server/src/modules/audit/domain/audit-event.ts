import type { PermissionModule } from '../../../platform/auth/permissions.js';

/** A recorded change to business data, as the audit query returns it. */
export type AuditEvent = {
  id: string;
  occurredAt: string;
  actor: { kind: 'api-key' | 'user' | 'system'; id: string };
  requestId: string | null;
  entityType: string;
  entityId: string;
  action: 'create' | 'update' | 'delete' | 'export';
  /** Changed fields as `{ field: [old, new] }`. Without read access the values are null and `redacted` is true. */
  changes: Record<string, unknown>;
  redacted: boolean;
};

/** An audit event with its actor's display name, as the audit routes return it. */
export type NamedAuditEvent = Omit<AuditEvent, 'actor'> & {
  actor: AuditEvent['actor'] & {
    /** The user's display name or the API key's name, or null for the system and for an actor not found. */
    name: string | null;
  };
};

/** The module whose read permission an entity's audit values need, by entity type. */
const moduleOfEntity: Record<string, PermissionModule> = {
  account: 'customers',
  customer: 'customers',
  api_key: 'identity',
  bill: 'billing',
  'bill-cycle': 'billing',
  'bill-run': 'billing',
  company: 'companies',
  'estimation-profile': 'readings',
  'interval-channel': 'readings',
  'interval-import': 'readings',
  'register-read': 'readings',
  'register-read-import': 'readings',
  meter: 'devices',
  'meter-installation': 'devices',
  'password-reset': 'identity',
  'password-reset-request': 'identity',
  payment: 'payments',
  payment_allocation: 'payments',
  'prepaid-meter': 'prepayment',
  'deduction-rule': 'prepayment',
  'free-basic-allowance': 'prepayment',
  'prepaid-vend': 'vending',
  'key-change-campaign': 'prepayment',
  'engineering-token': 'engineering-tokens',
  'vending-agent': 'prepayment',
  'vending-outlet': 'prepayment',
  'vending-cashier': 'prepayment',
  premise: 'premises',
  'service-point': 'premises',
  'service-agreement': 'agreements',
  role: 'identity',
  session: 'identity',
  tariff: 'rates',
  'tariff-version': 'rates',
  user: 'identity',
  'webhook-subscription': 'webhooks',
};

/**
 * Returns the module whose data an audit event describes, or undefined for an entity type this map does
 * not know (its values are then shown only to a principal with every permission).
 */
export function moduleOfAuditedEntity(entityType: string): PermissionModule | undefined {
  return moduleOfEntity[entityType];
}

/**
 * Hides an event's values from a principal that may not read the entity itself: the changed field names
 * stay, their old and new values become null. Personal data in audit values thus follows the access
 * rules of the data.
 */
export function redactAuditEvent(event: AuditEvent, granted: readonly string[]): AuditEvent {
  if (granted.includes('*')) return event;
  const module = moduleOfAuditedEntity(event.entityType);
  if (module && granted.includes(`${module}:read`)) return event;
  return {
    ...event,
    changes: Object.fromEntries(Object.keys(event.changes).map((field) => [field, null])),
    redacted: true,
  };
}
