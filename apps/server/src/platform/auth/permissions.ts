/**
 * Every permission an API key can hold: `<module>:read` to read a module's data, `<module>:write` to change
 * it, and `*` for all of them. Write does not imply read, so a key that posts payments and lists them
 * needs both `payments:write` and `payments:read`.
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
  'channels',
  'reporting',
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
