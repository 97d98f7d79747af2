/**
 * Every permission an API key can hold: `<module>:read` to read a module's data, `<module>:write` to change
 * it, and `*` for all of them. Write does not imply read, so a key that posts payments and lists them
 * needs both `payments:write` and `payments:read`. `vending` is the selling side of prepayment: quotes,
 * vends, reprints, confirmations and reversals before release. `prepayment` configures meter keys and
 * deductions, so a cashier can sell without changing what a sale costs. `privacy` covers a customer's
 * personal-data export and erasure apart from `customers`, because the export contains every contact,
 * identification, address and reading of the customer at once. `engineering-tokens` issues management and
 * test tokens to a meter outside a sale (clear tamper, power limits), which only authorised staff may.
 * `vend-corrections:write` lets a staff user undo a vend after its token was released, in an audited
 * back-office correction. It is apart from `vending` because cashiers and agents, who hold `vending:write`,
 * must not take back a sale whose token the customer may have entered already.
 */
export const permissionModules = [
  'companies',
  'identity',
  'audit',
  'customers',
  'premises',
  'devices',
  'readings',
  'agreements',
  'rates',
  'billing',
  'ledger',
  'payments',
  'collections',
  'field-orders',
  'workflows',
  'prepayment',
  'vending',
  'engineering-tokens',
  'vend-corrections',
  'channels',
  'webhooks',
  'reporting',
  'privacy',
] as const;

export type PermissionModule = (typeof permissionModules)[number];
export type Permission = `${PermissionModule}:${'read' | 'write'}` | '*';

export const allPermissions: readonly Permission[] = [
  '*',
  ...permissionModules.flatMap((module) => [`${module}:read`, `${module}:write`] as const),
];

const permissionSet = new Set<string>(allPermissions);

export function isPermission(value: string): value is Permission {
  return permissionSet.has(value);
}

/** Whether the granted permissions cover `required`; `*` covers every permission. */
export function hasPermission(granted: readonly string[], required: Permission): boolean {
  return granted.includes('*') || granted.includes(required);
}

/**
 * The permission a route declares: a module permission, or `self` for routes where a signed-in principal
 * acts on itself (its own session, its own second factor) and needs no permission beyond signing in.
 */
export type RoutePermission = Permission | 'self';

export function isRoutePermission(value: string): value is RoutePermission {
  return value === 'self' || permissionSet.has(value);
}

/** The kinds of principals: staff (users and API keys), customers in self-service, vending agents. */
export const principalKinds = ['staff', 'customer', 'agent'] as const;
export type PrincipalKind = (typeof principalKinds)[number];
