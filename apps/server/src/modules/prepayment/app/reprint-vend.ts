import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { conflict } from '../../../platform/errors/app-error.js';
import type { StoredVend } from '../db/vend-store.js';
import { countVendReprint } from '../db/vend-status-updates.js';
import { getVend } from './get-vend.js';

/**
 * Hands out a copy of a vend's tokens: the same tokens, never new ones, so a meter that has taken them
 * rejects them again as used. Each copy is counted and audited. A reversed vend's tokens are not handed
 * out (PREPAYMENT.VEND_REVERSED).
 */
export async function reprintVend(db: Db, context: RequestContext, vendId: string): Promise<StoredVend> {
  assertPermission(context, 'vending:write');
  return db.transaction().execute(async (trx) => {
    const current = await getVend(trx, context, vendId);
    if (current.status === 'reversed') {
      throw conflict(
        'PREPAYMENT.VEND_REVERSED',
        `Vend ${vendId} was reversed at ${current.reversedAt ?? '?'}, so its tokens are void and no copy is given.`,
      );
    }
    const reprintCount = await countVendReprint(trx, context.companyId, vendId);
    await recordAudit(trx, context, [
      {
        entityType: 'prepaid-vend',
        entityId: vendId,
        action: 'update',
        changes: { reprint_count: [reprintCount - 1, reprintCount] },
      },
    ]);
    return { ...current, reprintCount };
  });
}
