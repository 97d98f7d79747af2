import { Temporal } from 'temporal-polyfill';
import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { accessDenied, conflict } from '../../../platform/errors/app-error.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import type { VendCorrectionReasonCode } from '../domain/vend-correction.js';
import type { VendResult } from '../domain/vend.js';
import type { StoredVend } from '../db/vend-store.js';
import { markVendCorrected } from '../db/vend-status-updates.js';
import { getVend } from './get-vend.js';
import { toReleasedAllocationsJson, undoVend } from './undo-vend.js';

export type CorrectVendRequest = { vendId: string; reasonCode: VendCorrectionReasonCode; reason: string };

/**
 * Undoes an issued or released vend in a back-office correction: the money moves back as in a reversal
 * (see undoVend), and the vend becomes reversed with the correcting user, the reason code and the reason.
 * Its tokens cannot be recalled, so a released vend's credit may already be in the meter. The correction
 * takes the sale back from the ledger, the agent's float and the open items it settled, not from the meter.
 *
 * Only a staff user may correct, because the audit trail must name the person accountable. An API key is
 * rejected with PREPAYMENT.CORRECTION_NEEDS_USER. A released vend that carried a key change is a
 * PREPAYMENT.KEY_CHANGE_RELEASED conflict, because its meter may hold the new key already, and putting the
 * old key back on record would make the meter reject the next vend's tokens. Correcting a reversed vend returns it with
 * `replayed: true`.
 */
export async function correctVend(
  db: Db,
  context: RequestContext,
  request: CorrectVendRequest,
  options: { now?: () => Temporal.Instant } = {},
): Promise<VendResult> {
  assertPermission(context, 'vend-corrections:write');
  if (context.actor.kind === 'api-key') {
    throw accessDenied(
      'forbidden',
      'PREPAYMENT.CORRECTION_NEEDS_USER',
      'A back-office correction must be made by a signed-in staff user, so the audit trail names who made it; API keys cannot correct vends.',
    );
  }
  const at = (options.now ?? (() => Temporal.Now.instant()))();
  return db.transaction().execute(async (trx) => {
    const before = await getVend(trx, context, request.vendId);
    // A key change vend may be corrected only while issued, so a confirmation cannot release it in between.
    const previousStatus = await markVendCorrected(
      trx,
      context.companyId,
      request.vendId,
      new Date(at.epochMilliseconds),
      {
        reason: request.reason,
        reasonCode: request.reasonCode,
        correctedBy: context.actor.id,
        fromStatuses: before.replacedKey === null ? ['issued', 'released'] : ['issued'],
      },
    );
    const current = await getVend(trx, context, request.vendId);
    if (previousStatus === undefined) return rejectOrReplay(current);

    const released = await undoVend(
      trx,
      context,
      current,
      at,
      `Back-office correction of prepaid vend ${current.transactionReference} (${request.reasonCode}): ${request.reason}`,
    );
    await recordAudit(trx, context, [
      {
        entityType: 'prepaid-vend',
        entityId: current.id,
        action: 'update',
        changes: {
          status: [previousStatus, 'reversed'],
          correction_reason_code: [null, request.reasonCode],
          reversal_reason: [null, request.reason],
          corrected_by: [null, context.actor.id],
        },
      },
    ]);
    await enqueueEvents(trx, context, [
      {
        aggregateType: 'prepaid-vend',
        aggregateId: current.id,
        eventType: 'prepaid-vend.corrected',
        payload: {
          vendId: current.id,
          meterId: current.meterId,
          previousStatus,
          reasonCode: request.reasonCode,
          reason: request.reason,
          correctedBy: context.actor.id,
          releasedAllocations: toReleasedAllocationsJson(released),
        },
      },
    ]);
    return { vend: current, replayed: false };
  });
}

/** Returns a reversed vend as a replay, and rejects a released key change vend (see correctVend). */
function rejectOrReplay(current: StoredVend): VendResult {
  if (current.status === 'reversed') return { vend: current, replayed: true };
  throw conflict(
    'PREPAYMENT.KEY_CHANGE_RELEASED',
    `Vend ${current.id} carried a key change for meter ${current.pan} and was released at ${current.releasedAt ?? '?'}, so the meter may hold the new key already and a correction would put the old key back on record. The vend stays released; if the meter has not taken its tokens, reprint the vend so the customer can enter the key change tokens again.`,
  );
}
