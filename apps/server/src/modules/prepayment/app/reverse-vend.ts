import { Temporal } from 'temporal-polyfill';
import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext, Trx } from '../../../platform/context/request-context.js';
import { conflict } from '../../../platform/errors/app-error.js';
import { newId } from '../../../platform/ids/new-id.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { getCompany } from '../../companies/index.js';
import { findPostingBySource, writePostings, type LedgerAccount } from '../../ledger/index.js';
import { releaseRecoveredDebt, type AllocationRecord } from '../../payments/index.js';
import { computeRecoveredDebtMinor } from '../domain/compute-recovered-debt.js';
import { chooseKeyChangeAfterReversal } from '../domain/key-change-campaign.js';
import type { VendResult } from '../domain/vend.js';
import { findKeyChangeOfVend, returnKeyChangeOfVend } from '../db/key-change-status-updates.js';
import type { StoredVend } from '../db/vend-store.js';
import { findPrepaidMeter, restoreReplacedKey } from '../db/prepaid-meter-queries.js';
import { forgetMonthToDate } from '../db/month-to-date-queries.js';
import { markVendReversed } from '../db/vend-status-updates.js';
import { returnAgentSale } from './agent-float.js';
import { getVend } from './get-vend.js';

export type ReverseVendRequest = { vendId: string; reason: string };

/**
 * Reverses a vend whose token has not been released: the status moves from issued to reversed under a SQL
 * guard, a `vend-reversal` posting mirrors the vend's posting, and an agent's float gets the amount back
 * less its commission. The allocations of the debt it recovered are released, so the open items they
 * settled are open again. Its units, deductions and free units no longer count in the meter's month.
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
    await forgetMonthToDate(trx, context.companyId, current.meterId);

    if (current.replacedKey !== null) await restoreKey(trx, context, current);
    const released = await reopenSettledItems(trx, context, current);
    const accountingDate = await postReversal(trx, context, current, at);
    await returnAgentSale(trx, context, current, accountingDate);
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
          releasedAllocations: released.map((allocation) => ({
            allocationId: allocation.id,
            billId: allocation.billId,
            amountMinor: allocation.amountMinor.toString(),
          })),
        },
      },
    ]);
    return { vend: current, replayed: false };
  });
}

/**
 * Puts back the key that the vend's key change replaced, since its tokens never reached the meter, and
 * moves the meter's row in the vend's campaign out of issued (see chooseKeyChangeAfterReversal).
 * When a later vend of the meter was issued under the new key, it throws instead. The reversal's
 * transaction then rolls back, and the vend stays issued.
 */
async function restoreKey(trx: Trx, context: RequestContext, vend: StoredVend): Promise<void> {
  const meter = await findPrepaidMeter(trx, context.companyId, { meterId: vend.meterId }, { lock: true });
  const later = await trx
    .selectFrom('prepayment.vend')
    .select('id')
    .where('company_id', '=', context.companyId)
    .where('meter_id', '=', vend.meterId)
    .where('status', '<>', 'reversed')
    .where('issued_at', '>', new Date(vend.issuedAt))
    .executeTakeFirst();
  if (meter === undefined || later !== undefined || vend.replacedKey === null) {
    throw conflict(
      'PREPAYMENT.KEY_CHANGE_IN_USE',
      `Vend ${vend.id} carried the key change of meter ${vend.pan}, and vend ${later?.id ?? '?'} was issued under the new key since; reverse that vend first, or correct this one in the back office.`,
    );
  }
  const change = await findKeyChangeOfVend(trx, context.companyId, vend.id, meter.meterId);
  const after = chooseKeyChangeAfterReversal({
    installedKey: meter.key,
    pendingKey: meter.pendingKey,
    ...change,
  });
  await restoreReplacedKey(trx, context.companyId, meter, vend.replacedKey, after.pendingKey);
  await returnKeyChangeOfVend(trx, context.companyId, vend.id, after);
}

/**
 * Releases the allocations of the debt that the vend recovered (see releaseRecoveredDebt). It runs before
 * the agent's float is locked, because a sale locks the account before the agent, and the same order keeps
 * a sale and a reversal from deadlocking.
 */
async function reopenSettledItems(
  trx: Trx,
  context: RequestContext,
  vend: StoredVend,
): Promise<AllocationRecord[]> {
  if (computeRecoveredDebtMinor(vend.lines) === 0n) return [];
  return releaseRecoveredDebt(trx, context, { vendId: vend.id, accountId: vend.accountId });
}

function rejectOrReplay(current: StoredVend): VendResult {
  if (current.status === 'reversed') return { vend: current, replayed: true };
  throw conflict(
    'PREPAYMENT.VEND_RELEASED',
    `Vend ${current.id} was released to the customer at ${current.releasedAt ?? '?'}, so its token may already be in meter ${current.pan} and the vend cannot be reversed. Correct it with a back-office correction: an audited adjustment on account ${current.accountId}.`,
  );
}

async function postReversal(
  trx: Trx,
  context: RequestContext,
  vend: StoredVend,
  at: Temporal.Instant,
): Promise<string> {
  const original = await findPostingBySource(trx, context.companyId, 'vend', vend.id);
  if (!original) throw new Error(`Vend ${vend.id} has no ledger posting to reverse.`);
  const company = await getCompany(trx, context.companyId);
  const accountingDate = at.toZonedDateTimeISO(company.timeZone).toPlainDate().toString();
  await writePostings(trx, context, [
    {
      id: newId(),
      accountId: original.accountId,
      kind: 'vend-reversal',
      sourceId: vend.id,
      accountingDate,
      description: `Reversal of prepaid vend ${vend.transactionReference}: ${vend.reversalReason ?? ''}`,
      currency: original.currency,
      lines: original.lines.map((line) => ({
        ledgerAccount: line.ledgerAccount as LedgerAccount,
        accountId: line.accountId,
        amountMinor: -line.amountMinor,
      })),
    },
  ]);
  return accountingDate;
}
