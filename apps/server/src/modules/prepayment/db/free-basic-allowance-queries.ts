import type { Trx } from '../../../platform/context/request-context.js';
import type { FreeBasicAllowance } from '../domain/free-basic-allowance.js';

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
      service: allowance.service,
      units_per_month: allowance.unitsPerMonth,
      start_on: allowance.startOn,
      end_on: allowance.endOn,
    })
    .execute();
}
