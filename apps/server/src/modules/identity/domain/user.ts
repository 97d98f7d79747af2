import type { PrincipalKind } from '../../../platform/auth/permissions.js';

export type { PrincipalKind };

/** A user as callers see it: never a password hash or TOTP secret. Times are ISO 8601 instants. */
export type User = {
  id: string;
  kind: PrincipalKind;
  email: string;
  displayName: string;
  customerId: string | null;
  status: 'active' | 'disabled';
  roles: string[];
  totpEnabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
};

/** The user, company and permissions behind a valid session. */
export type SessionPrincipal = {
  companyId: string;
  sessionId: string;
  userId: string;
  kind: PrincipalKind;
  customerId: string | null;
  permissions: string[];
  csrfHash: string;
  /** The CSRF token that writes with this cookie must send; null if opened before tokens were derived. */
  csrfToken: string | null;
  expiresAt: string;
};
