import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { conflict, invalidInput, type FieldIssue } from '../../../platform/errors/app-error.js';
import { getCustomer } from '../../customers/index.js';
import { newId } from '../../../platform/ids/new-id.js';
import type { PrincipalKind, User } from '../domain/user.js';
import { insertMissingBuiltInRoles, replaceUserRoles, selectRoles } from '../db/role-store.js';
import { findUser, insertUser } from '../db/user-store.js';
import { resolveGrantableRoles } from './assert-roles-grantable.js';
import { issuePasswordResetToken } from './issue-password-reset.js';

export type CreateUserInput = {
  kind: PrincipalKind;
  email: string;
  displayName: string;
  roles: string[];
  customerId?: string | undefined;
  /** Permissions of the caller; a user may only be given roles within them (undefined: the system). */
  grantorPermissions?: readonly string[];
};

/**
 * Creates a user without a password and returns a one-time token with which the user sets one, so that no
 * administrator ever learns another person's password.
 */
export async function createUser(
  db: Db,
  context: RequestContext,
  input: CreateUserInput,
): Promise<{ user: User; passwordSetupToken: string; passwordSetupExpiresAt: string }> {
  assertPermission(context, 'identity:write');
  const email = input.email.trim().toLowerCase();
  const displayName = input.displayName.trim();
  assertUserInput(input, email, displayName);
  // A customer login reaches that customer's data in self-service, so creating one needs the right to
  // change customers as well.
  if (input.kind === 'customer') assertPermission(context, 'customers:write');
  const id = newId();
  return db.transaction().execute(async (trx) => {
    if (input.customerId !== undefined) await getCustomer(trx, context, input.customerId);
    await insertMissingBuiltInRoles(trx, context.companyId);
    const roles = resolveGrantableRoles(
      input.roles,
      await selectRoles(trx, context.companyId),
      input.grantorPermissions,
      'roles',
    );
    const existing = await trx
      .selectFrom('identity.user_account')
      .select('id')
      .where('company_id', '=', context.companyId)
      .where('kind', '=', input.kind)
      .where('email', '=', email)
      .executeTakeFirst();
    if (existing)
      throw conflict('IDENTITY.EMAIL_TAKEN', `A ${input.kind} user with email ${email} exists already.`);
    await insertUser(trx, {
      companyId: context.companyId,
      id,
      kind: input.kind,
      email,
      displayName,
      customerId: input.customerId ?? null,
    });
    await replaceUserRoles(
      trx,
      context.companyId,
      id,
      roles.map((role) => role.id),
    );
    await recordAudit(trx, context, [
      {
        entityType: 'user',
        entityId: id,
        action: 'create',
        changes: createdFields({
          kind: input.kind,
          email,
          display_name: displayName,
          customer_id: input.customerId ?? null,
          roles: roles.map((role) => role.code),
        }),
      },
    ]);
    const reset = await issuePasswordResetToken(trx, context, id);
    const user = await findUser(trx, context.companyId, id);
    return {
      user: user!,
      passwordSetupToken: reset.token,
      passwordSetupExpiresAt: reset.expiresAt.toISOString(),
    };
  });
}

function assertUserInput(input: CreateUserInput, email: string, displayName: string): void {
  const issues: FieldIssue[] = [];
  if (!/^[^@\s]+@[^@\s]+$/.test(email) || email.length > 254) {
    issues.push({ path: 'email', message: `"${input.email}" is not an email address` });
  }
  if (displayName.length === 0 || displayName.length > 200) {
    issues.push({ path: 'displayName', message: 'must have 1 to 200 characters' });
  } else if (/\p{Cc}/u.test(displayName)) {
    // A line break in a name would start a new line in the mails that greet the user by name.
    issues.push({ path: 'displayName', message: 'must not contain line breaks or other control characters' });
  }
  if ((input.kind === 'customer') !== (input.customerId !== undefined)) {
    issues.push({
      path: 'customerId',
      message: input.kind === 'customer' ? 'is required for a customer user' : 'is only for customer users',
    });
  }
  if (input.kind !== 'staff' && input.roles.length > 0) {
    issues.push({ path: 'roles', message: `${input.kind} users hold no roles; give an empty list` });
  }
  if (issues.length > 0) throw invalidInput('IDENTITY.INVALID_USER', 'The user is invalid.', issues);
}
