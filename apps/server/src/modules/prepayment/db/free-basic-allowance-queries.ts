import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import type { FreeBasicAllowance } from '../domain/free-basic-allowance.js';

/** Returns the free basic units per month of the account's allowance in force on `date`, or null. */
export async function findFreeUnitsPerMonth(
  db: DbOrTrx,
  companyId: string,
  accountId: string,
  date: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('prepayment.free_basic_allowance')
    .select('units_per_month')
    .where('company_id', '=', companyId)
    .where('account_id', '=', accountId)
    .where('service', '=', 'electricity')
    .where('start_on', '<=', date)
    .where((where) => where.or([where('end_on', 'is', null), where('end_on', '>', date)]))
    .executeTakeFirst();
  return row?.units_per_month ?? null;
}

export async function insertFreeBasicAllowance(
  trx: Trx,
  companyId: string,
  allowance: FreeBasicAllowance,
): Promise<void> {
  await trx
    .insertInto('prepayment.free_basic_allowance')
    .values({
      company_id: companyId,
      id: allowance.id,
      account_id: allowance.accountId,
      service: 'electricity',
      units_per_month: allowance.unitsPerMonth,
      start_on: allowance.startOn,
      end_on: allowance.endOn,
    })
    .execute();
}
