import type { DbOrTrx } from '../../../platform/context/request-context.js';

/**
 * Lists the next chunk of active accounts of a bill cycle in id order after `afterAccountId`. It reads the
 * customers module's account table directly, because the bill run needs the set in one indexed query.
 */
export async function listDueAccounts(
  db: DbOrTrx,
  companyId: string,
  billCycleId: string,
  afterAccountId: string | null,
  limit: number,
): Promise<{ id: string; paymentTermsDays: number }[]> {
  let query = db
    .selectFrom('customers.account')
    .select(['id', 'payment_terms_days'])
    .where('company_id', '=', companyId)
    .where('bill_cycle_id', '=', billCycleId)
    .where('status', '=', 'active');
  if (afterAccountId) query = query.where('id', '>', afterAccountId);
  const rows = await query.orderBy('id').limit(limit).execute();
  return rows.map((row) => ({ id: row.id, paymentTermsDays: row.payment_terms_days }));
}

/** Lists the active accounts of a cycle whose ids fall in [firstId, lastId], the accounts of one chunk. */
export async function listChunkAccounts(
  db: DbOrTrx,
  companyId: string,
  billCycleId: string,
  firstId: string,
  lastId: string,
): Promise<{ id: string; paymentTermsDays: number }[]> {
  const rows = await db
    .selectFrom('customers.account')
    .select(['id', 'payment_terms_days'])
    .where('company_id', '=', companyId)
    .where('bill_cycle_id', '=', billCycleId)
    .where('status', '=', 'active')
    .where('id', '>=', firstId)
    .where('id', '<=', lastId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, paymentTermsDays: row.payment_terms_days }));
}

export async function countCycleAccounts(
  db: DbOrTrx,
  companyId: string,
  billCycleId: string,
): Promise<number> {
  const row = await db
    .selectFrom('customers.account')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('company_id', '=', companyId)
    .where('bill_cycle_id', '=', billCycleId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
