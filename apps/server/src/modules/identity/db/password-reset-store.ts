import type { Trx } from '../../../platform/context/request-context.js';

/**
 * Marks every unused reset token of a user as used, so that no link mailed or handed out earlier sets a
 * password any more. Called when a reset succeeds, when the user is disabled and when a login is erased.
 */
export async function revokePasswordResets(trx: Trx, companyId: string, userId: string, now = new Date()) {
  await trx
    .updateTable('identity.password_reset')
    .set({ used_at: now })
    .where('company_id', '=', companyId)
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
}
