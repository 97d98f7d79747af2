import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import type { FreeBasicAllowance } from '../domain/free-basic-allowance.js';

/** Returns the free basic units per month of the account's allowance in force on `date`, or null. */
export async function findFreeUnitsPerMonth(
  db: DbOrTrx,
  companyId: string,
  accountId: string,
  date: string,
): Promise<string | null> {
  return (await selectFreeUnitsPerMonth(db, companyId, [accountId], date)).get(accountId) ?? null;
}

/** Returns the free basic units per month of each of the accounts with an allowance in force on `date`. */
export async function selectFreeUnitsPerMonth(
  db: DbOrTrx,
  companyId: string,
  accountIds: readonly string[],
  date: string,
): Promise<Map<string, string>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('prepayment.free_basic_allowance')
    .select(['account_id', 'units_per_month'])
    .where('company_id', '=', companyId)
    .where('account_id', 'in', [...new Set(accountIds)])
    .where('service', '=', 'electricity')
    .where('start_on', '<=', date)
    .where((where) => where.or([where('end_on', 'is', null), where('end_on', '>', date)]))
    .execute();
  return new Map(rows.map((row) => [row.account_id, row.units_per_month]));
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
