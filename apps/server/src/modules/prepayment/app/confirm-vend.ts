import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { conflict } from '../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import type { VendResult } from '../domain/vend.js';
import { confirmKeyChange } from '../db/key-change-status-updates.js';
import { markVendReleased } from '../db/vend-status-updates.js';
import { getVend } from './get-vend.js';

/**
 * Marks a vend released: the channel confirms that the customer has the token, so the vend can no longer
 * be reversed. Confirming a released vend again returns it with `replayed: true`; a reversed vend is a
 * PREPAYMENT.VEND_REVERSED conflict.
 */
export async function confirmVend(db: Db, context: RequestContext, vendId: string): Promise<VendResult> {
  assertPermission(context, 'vending:write');
  return db.transaction().execute(async (trx) => {
    // Not found for an agent's login when the vend is another agent's.
    await getVend(trx, context, vendId);
    const at = new Date();
    if (!(await markVendReleased(trx, context.companyId, vendId, at))) {
      const current = await getVend(trx, context, vendId);
      if (current.status === 'released') return { vend: current, replayed: true };
      throw conflict(
        'PREPAYMENT.VEND_REVERSED',
        `Vend ${vendId} was reversed at ${current.reversedAt ?? '?'}, so its token must not be released; sell a new vend instead.`,
      );
    }
    // The customer has the vend's key change tokens too, so the meter's key change is confirmed.
    await confirmKeyChange(trx, context.companyId, vendId, at);
    await recordAudit(trx, context, [
      {
        entityType: 'prepaid-vend',
        entityId: vendId,
        action: 'update',
        changes: { status: ['issued', 'released'] },
      },
    ]);
    await enqueueEvents(trx, context, [
      {
        aggregateType: 'prepaid-vend',
        aggregateId: vendId,
        eventType: 'prepaid-vend.released',
        payload: { vendId },
      },
    ]);
    return { vend: await getVend(trx, context, vendId), replayed: false };
  });
}
