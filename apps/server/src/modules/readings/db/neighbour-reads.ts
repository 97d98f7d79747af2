import type { DbOrTrx } from '../../../platform/context/request-context.js';

export type NeighbourRead = { id: string; readOn: string; value: string };

/**
 * Finds the valid reads of a register just before and just after `readOn`, which a new read is checked
 * against. Reads of the same day count as neither.
 */
export async function findNeighbourReads(
  db: DbOrTrx,
  companyId: string,
  registerId: string,
  readOn: string,
): Promise<{ previous: NeighbourRead | undefined; next: NeighbourRead | undefined }> {
  const base = db
    .selectFrom('readings.register_read')
    .select(['id', 'read_on as readOn', 'value'])
    .where('company_id', '=', companyId)
    .where('register_id', '=', registerId)
    .where('status', '=', 'valid');
  const [previous, next] = await Promise.all([
    base
      .where('read_on', '<', readOn)
      .orderBy('read_on', 'desc')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
    base.where('read_on', '>', readOn).orderBy('read_on').orderBy('created_at').limit(1).executeTakeFirst(),
  ]);
  return { previous, next };
}
