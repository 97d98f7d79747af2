import type { Trx } from '../../../platform/context/request-context.js';
import type { ServiceKind } from '../../../platform/db/schema.js';
import type { Tariff, TariffSource } from '../domain/tariff.js';
import { toTariff } from './tariff-rows.js';

export type NewTariff = {
  code: string;
  name: string;
  service: ServiceKind;
  source: TariffSource;
  sourceReference: string | null;
};

/** Inserts a tariff; returns undefined when the company already has a tariff with this code. */
export async function insertTariff(
  trx: Trx,
  companyId: string,
  tariff: NewTariff,
): Promise<Tariff | undefined> {
  const row = await trx
    .insertInto('rates.tariff')
    .values({
      company_id: companyId,
      code: tariff.code,
      name: tariff.name,
      service: tariff.service,
      source: tariff.source,
      source_reference: tariff.sourceReference,
    })
    .onConflict((conflict) => conflict.columns(['company_id', 'code']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? toTariff(row) : undefined;
}

/** Locks the tariff row for the rest of the transaction, so that versions of one tariff are added one at a time. */
export async function lockTariff(trx: Trx, companyId: string, tariffId: string): Promise<Tariff | undefined> {
  const row = await trx
    .selectFrom('rates.tariff')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', tariffId)
    .forUpdate()
    .executeTakeFirst();
  return row ? toTariff(row) : undefined;
}
