import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { newId } from '../../../platform/ids/new-id.js';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import { hasPermission, isPermission } from '../../../platform/auth/permissions.js';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { AppError, invalidInput, type FieldIssue } from '../../../platform/errors/app-error.js';
import type { ApiKeySummary } from '../domain/api-key.js';
import {
  formatCredentialToken,
  generateCredentialSecret,
  hashCredentialSecret,
} from '../domain/credential-token.js';
import { insertApiKey } from '../db/api-key-store.js';

export type CreateApiKeyInput = {
  name: string;
  permissions: string[];
  /**
   * Permissions of the key that asks for the new one. A key may only grant what it holds itself, so a key
   * with `identity:write` cannot mint a `*` key. Undefined for the command line, which acts as the system.
   */
  grantorPermissions?: readonly string[];
};

/** The new key and its token. The token is shown only here: the database keeps just its hash. */
export type CreatedApiKey = { apiKey: ApiKeySummary; token: string };

const MAX_NAME_LENGTH = 100;

/** Creates an API key for the context's company and records it in the audit trail. */
export async function createApiKey(
  db: Db,
  context: RequestContext,
  input: CreateApiKeyInput,
): Promise<CreatedApiKey> {
  assertPermission(context, 'identity:write');
  const name = input.name.trim();
  const permissions = [...new Set(input.permissions)];
  assertApiKeyInput(name, permissions);
  assertGrantable(permissions, input.grantorPermissions);

  const id = newId();
  const secret = generateCredentialSecret();
  const apiKey = await db.transaction().execute(async (trx) => {
    const created = await insertApiKey(trx, {
      companyId: context.companyId,
      id,
      name,
      secretHash: hashCredentialSecret(secret),
      permissions,
    });
    await recordAudit(trx, context, [
      {
        entityType: 'api_key',
        entityId: id,
        action: 'create',
        changes: createdFields({ name, permissions }),
      },
    ]);
    return created;
  });
  return { apiKey, token: formatCredentialToken('api-key', { companyId: context.companyId, id, secret }) };
}

function assertApiKeyInput(name: string, permissions: string[]): void {
  const issues: FieldIssue[] = [];
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
    issues.push({ path: 'name', message: `Name must have 1 to ${MAX_NAME_LENGTH} characters.` });
  }
  if (permissions.length === 0) {
    issues.push({
      path: 'permissions',
      message: 'List at least one permission, such as customers:read or *.',
    });
  }
  permissions.forEach((permission, index) => {
    if (!isPermission(permission)) {
      issues.push({
        path: `permissions.${index}`,
        message: `Unknown permission "${permission}": use <module>:read, <module>:write or *.`,
      });
    }
  });
  if (issues.length > 0) {
    throw invalidInput('IDENTITY.INVALID_API_KEY', 'The API key request is invalid.', issues);
  }
}

function assertGrantable(permissions: string[], grantor: readonly string[] | undefined): void {
  if (grantor === undefined) return;
  const missing = permissions.filter(
    (permission) => !isPermission(permission) || !hasPermission(grantor, permission),
  );
  if (missing.length > 0) {
    throw new AppError(
      'forbidden',
      'IDENTITY.PERMISSION_NOT_GRANTABLE',
      `You cannot grant permissions you do not hold yourself: ${missing.join(', ')}.`,
    );
  }
}
