import type { Trx } from '../../../platform/context/request-context.js';
import type { VendCorrectionReasonCode } from '../domain/vend-correction.js';

/**
 * Marks an issued vend released and returns whether this call did it. The status guard in the UPDATE
 * decides a race between a confirmation and a reversal: only one of them finds the vend still issued.
 */
export async function markVendReleased(
  trx: Trx,
  companyId: string,
  vendId: string,
  at: Date,
): Promise<boolean> {
  const result = await trx
    .updateTable('prepayment.vend')
    .set({ status: 'released', released_at: at })
    .where('company_id', '=', companyId)
    .where('id', '=', vendId)
    .where('status', '=', 'issued')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Marks an issued vend reversed and returns whether this call did it (see markVendReleased). */
export async function markVendReversed(
  trx: Trx,
  companyId: string,
  vendId: string,
  at: Date,
  reason: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('prepayment.vend')
    .set({ status: 'reversed', reversed_at: at, reversal_reason: reason })
    .where('company_id', '=', companyId)
    .where('id', '=', vendId)
    .where('status', '=', 'issued')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** A back-office correction to store on a vend, and the statuses the vend may have before it. */
export type VendCorrectionUpdate = {
  reason: string;
  reasonCode: VendCorrectionReasonCode;
  correctedBy: string;
  fromStatuses: readonly ('issued' | 'released')[];
};

/**
 * Marks a vend reversed by a back-office correction when its status is one of `fromStatuses`, and returns
 * the status it had, or undefined when the guard found it in another status. As in markVendReleased, the
 * guard decides a race with a confirmation or a reversal. The vend keeps its released_at, so a
 * non-null released_at in the returned row shows that the vend was released.
 */
export async function markVendCorrected(
  trx: Trx,
  companyId: string,
  vendId: string,
  at: Date,
  correction: VendCorrectionUpdate,
): Promise<'issued' | 'released' | undefined> {
  const row = await trx
    .updateTable('prepayment.vend')
    .set({
      status: 'reversed',
      reversed_at: at,
      reversal_reason: correction.reason,
      correction_reason_code: correction.reasonCode,
      corrected_by: correction.correctedBy,
    })
    .where('company_id', '=', companyId)
    .where('id', '=', vendId)
    .where('status', 'in', correction.fromStatuses)
    .returning('released_at')
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return row.released_at === null ? 'issued' : 'released';
}

/** Counts one more copy of a vend's tokens handed out and returns the new count. */
export async function countVendReprint(trx: Trx, companyId: string, vendId: string): Promise<number> {
  const row = await trx
    .updateTable('prepayment.vend')
    .set((update) => ({ reprint_count: update('reprint_count', '+', 1) }))
    .where('company_id', '=', companyId)
    .where('id', '=', vendId)
    .returning('reprint_count')
    .executeTakeFirstOrThrow();
  return row.reprint_count;
}
