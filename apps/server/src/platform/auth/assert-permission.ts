import type { RequestContext } from '../context/request-context.js';
import { accessDenied } from '../errors/app-error.js';
import { hasPermission, type Permission } from './permissions.js';

/**
 * Throws unless the context's principal has `permission`. Use cases that change data call it first, so
 * that a use case rejects a principal even when a caller other than its route (a new route, a job, a
 * script) forgets to check. A context without permissions is the system itself (the CLI, the seed, jobs).
 */
export function assertPermission(context: RequestContext, permission: Permission): void {
  if (context.permissions === undefined || hasPermission(context.permissions, permission)) return;
  throw accessDenied(
    'forbidden',
    'AUTH.PERMISSION_MISSING',
    `This principal lacks the permission ${permission} that the change needs.`,
    { permission },
  );
}
