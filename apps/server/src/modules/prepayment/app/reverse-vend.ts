import { Temporal } from 'temporal-polyfill';
import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { conflict } from '../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import type { VendResult } from '../domain/vend.js';
import type { StoredVend } from '../db/vend-store.js';
import { markVendReversed } from '../db/vend-status-updates.js';
import { getVend } from './get-vend.js';
import { toReleasedAllocationsJson, undoVend } from './undo-vend.js';

export type ReverseVendRequest = { vendId: string; reason: string };

/**
 * Reverses a vend whose token has not been released. The status moves from issued to reversed under a SQL
 * guard, and undoVend undoes its money. A `vend-reversal` posting mirrors the vend's posting, and an
 * agent's float gets the amount back less its commission. The allocations of the debt it recovered are
 * released, so the open items they settled are open again. Its units, deductions and free units no longer
 * count in the meter's month.
 * Reversing a reversed vend returns it with `replayed: true`.
 * A released vend is a PREPAYMENT.VEND_RELEASED conflict, because its token may be in the meter already.
 */
export async function reverseVend(
  db: Db,
  context: RequestContext,
  request: ReverseVendRequest,
  options: { now?: () => Temporal.Instant } = {},
): Promise<VendResult> {
  assertPermission(context, 'vending:write');
  const at = (options.now ?? (() => Temporal.Now.instant()))();
  return db.transaction().execute(async (trx) => {
    // Not found for an agent's login when the vend is another agent's.
    await getVend(trx, context, request.vendId);
    const reversed = await markVendReversed(
      trx,
      context.companyId,
      request.vendId,
      new Date(at.epochMilliseconds),
      request.reason,
    );
    const current = await getVend(trx, context, request.vendId);
    if (!reversed) return rejectOrReplay(current);

    const released = await undoVend(
      trx,
      context,
      current,
      at,
      `Reversal of prepaid vend ${current.transactionReference}: ${request.reason}`,
    );
    await recordAudit(trx, context, [
      {
        entityType: 'prepaid-vend',
        entityId: current.id,
        action: 'update',
        changes: { status: ['issued', 'reversed'], reversal_reason: [null, request.reason] },
      },
    ]);
    await enqueueEvents(trx, context, [
      {
        aggregateType: 'prepaid-vend',
        aggregateId: current.id,
        eventType: 'prepaid-vend.reversed',
        payload: {
          vendId: current.id,
          meterId: current.meterId,
          reason: request.reason,
          releasedAllocations: toReleasedAllocationsJson(released),
        },
      },
    ]);
    return { vend: current, replayed: false };
  });
}

function rejectOrReplay(current: StoredVend): VendResult {
  if (current.status === 'reversed') return { vend: current, replayed: true };
  throw conflict(
    'PREPAYMENT.VEND_RELEASED',
    `Vend ${current.id} was released to the customer at ${current.releasedAt ?? '?'}, so its token may already be in meter ${current.pan} and the vend cannot be reversed. A user with the vend-corrections:write permission can undo it with a back-office correction (POST /v1/prepaid/vends/${current.id}/corrections).`,
  );
}
