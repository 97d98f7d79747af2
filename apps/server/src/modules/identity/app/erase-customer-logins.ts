import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { RequestContext, Trx } from '../../../platform/context/request-context.js';
import { revokePasswordResets } from '../db/password-reset-store.js';
import { revokeSessions } from '../db/session-store.js';

/**
 * Disables the self-service logins of an erased customer, replaces their emails by a placeholder and ends
 * their sessions and unused reset tokens, in the caller's transaction. Returns how many logins it erased.
 */
export async function eraseCustomerLogins(
  trx: Trx,
  context: RequestContext,
  customerId: string,
): Promise<number> {
  const logins = await trx
    .selectFrom('identity.user_account')
    .select('id')
    .where('company_id', '=', context.companyId)
    .where('kind', '=', 'customer')
    .where('customer_id', '=', customerId)
    .execute();
  for (const login of logins) {
    await trx
      .updateTable('identity.user_account')
      .set({
        email: `erased-${login.id}@erased.invalid`,
        display_name: 'Erased',
        status: 'disabled',
        password_hash: null,
        totp_secret: null,
        totp_enabled: false,
      })
      .where('company_id', '=', context.companyId)
      .where('id', '=', login.id)
      .execute();
    await revokeSessions(trx, context.companyId, login.id);
    await revokePasswordResets(trx, context.companyId, login.id);
    await recordAudit(trx, context, [
      {
        entityType: 'user',
        entityId: login.id,
        action: 'update',
        changes: { erased: [null, ['email', 'display_name', 'password']] },
      },
    ]);
  }
  return logins.length;
}
