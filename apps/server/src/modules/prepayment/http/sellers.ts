import type { PrincipalKind } from '../../../platform/auth/permissions.js';

/** The principals the selling routes serve: staff, and the logins of third-party vending agents. */
export const sellers: readonly PrincipalKind[] = ['staff', 'agent'];
