import type { Permission } from '../../../platform/auth/permissions.js';

export type BuiltInRole = { code: string; name: string; permissions: Permission[] };

const readAll: Permission[] = [
  'companies:read',
  'customers:read',
  'premises:read',
  'devices:read',
  'readings:read',
  'agreements:read',
  'rates:read',
  'billing:read',
  'ledger:read',
  'payments:read',
  'prepayment:read',
  'vending:read',
];

/**
 * What a vending agent's login (a user of kind agent, which has no roles) may do: find meters, quote,
 * sell, reprint and reverse, on the routes that serve agents. The vending use cases keep it to the agent
 * it sells for.
 */
export const agentPermissions: readonly Permission[] = ['prepayment:read', 'vending:read', 'vending:write'];

/**
 * The roles every company starts with. Administrators may add their own; these may not be changed, so
 * that their names keep meaning the same thing in every company.
 */
export const builtInRoles: readonly BuiltInRole[] = [
  {
    code: 'customer-service',
    name: 'Customer service',
    permissions: [...readAll, 'customers:write', 'premises:write', 'agreements:write', 'readings:write'],
  },
  {
    code: 'billing-analyst',
    name: 'Billing analyst',
    permissions: [...readAll, 'billing:write', 'rates:write', 'readings:write', 'audit:read'],
  },
  {
    code: 'cashier',
    name: 'Cashier',
    // Cashiers sell prepaid units too, but only administrators change what a sale costs (prepayment:write).
    permissions: [
      'customers:read',
      'ledger:read',
      'payments:read',
      'payments:write',
      'prepayment:read',
      'vending:read',
      'vending:write',
    ],
  },
  {
    code: 'collections-agent',
    name: 'Collections agent',
    permissions: [...readAll, 'collections:read', 'collections:write'],
  },
  {
    code: 'field-supervisor',
    name: 'Field supervisor',
    permissions: [
      ...readAll,
      'devices:write',
      'readings:write',
      'field-orders:read',
      'field-orders:write',
      'engineering-tokens:write',
    ],
  },
  { code: 'administrator', name: 'Administrator', permissions: ['*'] },
  { code: 'auditor', name: 'Read-only auditor', permissions: [...readAll, 'audit:read', 'identity:read'] },
];
