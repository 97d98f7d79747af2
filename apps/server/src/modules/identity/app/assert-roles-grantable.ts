import { hasPermission, isPermission } from '../../../platform/auth/permissions.js';
import { AppError, invalidInput } from '../../../platform/errors/app-error.js';
import type { RoleRow } from '../db/role-store.js';

/**
 * Resolves role codes to the company's roles, and throws when one is unknown or grants a permission the
 * grantor lacks, so that no grantor hands out more than it has (undefined: the system acts).
 */
export function resolveGrantableRoles(
  codes: string[],
  roles: RoleRow[],
  grantorPermissions: readonly string[] | undefined,
  field: string,
): RoleRow[] {
  const byCode = new Map(roles.map((role) => [role.code, role]));
  const unknown = codes.filter((code) => !byCode.has(code));
  if (unknown.length > 0) {
    throw invalidInput(
      'IDENTITY.UNKNOWN_ROLE',
      `Unknown role ${unknown.map((code) => `"${code}"`).join(', ')}: use one of ${roles.map((role) => role.code).join(', ')}.`,
      unknown.map((code) => ({ path: `${field}.${codes.indexOf(code)}`, message: `unknown role "${code}"` })),
    );
  }
  const granted = [...new Set(codes)].map((code) => byCode.get(code)!);
  if (grantorPermissions === undefined) return granted;
  const missing = [
    ...new Set(
      granted.flatMap((role) =>
        role.permissions.filter(
          (permission) => !isPermission(permission) || !hasPermission(grantorPermissions, permission),
        ),
      ),
    ),
  ];
  if (missing.length > 0) {
    throw new AppError(
      'forbidden',
      'IDENTITY.PERMISSION_NOT_GRANTABLE',
      `You cannot grant roles with permissions you do not hold yourself: ${missing.join(', ')}.`,
    );
  }
  return granted;
}

/**
 * Throws unless the caller has every permission of the user or key it wants to change. Otherwise a
 * caller with identity:write could reset an administrator's password, sign in as them and hold `*`.
 */
export function assertMayManage(
  targetPermissions: readonly string[],
  callerPermissions: readonly string[] | undefined,
  target: string,
): void {
  if (callerPermissions === undefined) return;
  const missing = [...new Set(targetPermissions)].filter(
    (permission) => !isPermission(permission) || !hasPermission(callerPermissions, permission),
  );
  if (missing.length > 0) {
    throw new AppError(
      'forbidden',
      'IDENTITY.TARGET_OUTRANKS_CALLER',
      `You cannot change ${target}, which holds permissions you do not hold yourself: ${missing.join(', ')}.`,
    );
  }
}
