/** An API key as callers see it: never its secret or hash. Times are ISO 8601 instants. */
export type ApiKeySummary = {
  id: string;
  name: string;
  permissions: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

/** Who an authenticated API key acts for, and what it may do. */
export type ApiKeyPrincipal = { companyId: string; keyId: string; permissions: string[] };
