import type { Trx } from '../../../platform/context/request-context.js';

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
