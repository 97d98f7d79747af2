import type { Temporal } from 'temporal-polyfill';
import type { RequestContext, Trx } from '../../../platform/context/request-context.js';
import { conflict } from '../../../platform/errors/app-error.js';
import { newId } from '../../../platform/ids/new-id.js';
import { getCompany } from '../../companies/index.js';
import { findPostingBySource, writePostings, type LedgerAccount } from '../../ledger/index.js';
import {
  allocateCreditForAccounts,
  releaseRecoveredDebt,
  type AllocationRecord,
} from '../../payments/index.js';
import { computeRecoveredDebtMinor } from '../domain/compute-recovered-debt.js';
import { chooseKeyChangeAfterReversal } from '../domain/key-change-campaign.js';
import { findKeyChangeOfVend, returnKeyChangeOfVend } from '../db/key-change-status-updates.js';
import type { StoredVend } from '../db/vend-store.js';
import { findPrepaidMeter, restoreReplacedKey } from '../db/prepaid-meter-queries.js';
import { forgetMonthToDate } from '../db/month-to-date-queries.js';
import { returnAgentSale } from './agent-float.js';

/**
 * Undoes the money and the meter state of a vend that the caller has just marked reversed, in the
 * caller's transaction: a reversal before release and a back-office correction share it. The meter's
 * month-to-date figures are cleared, so its next vend sums the month again without this one. A key change
 * in the vend is undone (see restoreKey). The allocations of the debt it recovered are released, a
 * `vend-reversal` posting mirrors the vend's posting with `description`, and an agent's float gets the
 * amount back less its commission. Returns the released allocations.
 */
export async function undoVend(
  trx: Trx,
  context: RequestContext,
  vend: StoredVend,
  at: Temporal.Instant,
  description: string,
): Promise<AllocationRecord[]> {
  await forgetMonthToDate(trx, context.companyId, vend.meterId);
  if (vend.replacedKey !== null) await restoreKey(trx, context, vend);
  const released = await reopenSettledItems(trx, context, vend);
  const accountingDate = await postReversal(trx, context, vend, at, description);
  await returnAgentSale(trx, context, vend, accountingDate);
  return released;
}

/** Returns the allocations that undoVend released in the form a reversal or correction event lists them. */
export function toReleasedAllocationsJson(released: readonly AllocationRecord[]) {
  return released.map((allocation) => ({
    allocationId: allocation.id,
    billId: allocation.billId,
    amountMinor: allocation.amountMinor.toString(),
  }));
}

/**
 * Puts back the key that the vend's key change replaced, since its tokens never reached the meter, and
 * moves the meter's row in the vend's campaign out of issued (see chooseKeyChangeAfterReversal).
 * When a later vend of the meter was issued under the new key, it throws instead. The caller's
 * transaction then rolls back, and the vend keeps its status.
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
      `Vend ${vend.id} carried the key change of meter ${vend.pan}, and vend ${later?.id ?? '?'} was issued under the new key since; reverse or correct that vend first.`,
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
 * Releases the allocations of the debt that the vend recovered (see releaseRecoveredDebt), then applies
 * the account's credit to the reopened items (see allocateCreditForAccounts). It runs before
 * the agent's float is locked, because a sale locks the account before the agent, and the same order keeps
 * a sale and a reversal from deadlocking.
 */
async function reopenSettledItems(
  trx: Trx,
  context: RequestContext,
  vend: StoredVend,
): Promise<AllocationRecord[]> {
  if (computeRecoveredDebtMinor(vend.lines) === 0n) return [];
  const released = await releaseRecoveredDebt(trx, context, { vendId: vend.id, accountId: vend.accountId });
  // Credit the account holds, such as a payment's unallocated rest, settles the reopened items at once,
  // as it would settle a new bill. The vend is reversed already, so its own recovered debt is no credit.
  if (released.length > 0) await allocateCreditForAccounts(trx, context, [vend.accountId]);
  return released;
}

async function postReversal(
  trx: Trx,
  context: RequestContext,
  vend: StoredVend,
  at: Temporal.Instant,
  description: string,
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
      description,
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
