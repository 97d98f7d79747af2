import { sql } from 'kysely';
import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { MonthToDate } from '../domain/month-to-date.js';

/** Sums a meter's vends of one month that were not reversed: units, deductions by rule, free units. */
export async function selectMonthToDate(
  db: DbOrTrx,
  companyId: string,
  meterId: string,
  vendMonth: string,
): Promise<MonthToDate> {
  return (await selectMonthToDates(db, companyId, [meterId], vendMonth)).get(meterId)!;
}

/** Returns the month-to-date figures (see selectMonthToDate) of each of the meters, in two statements for all of them. */
export async function selectMonthToDates(
  db: DbOrTrx,
  companyId: string,
  meterIds: readonly string[],
  vendMonth: string,
): Promise<Map<string, MonthToDate>> {
  const collectedByMeter = new Map(meterIds.map((meterId) => [meterId, new Map<string, bigint>()]));
  const figures = new Map<string, MonthToDate>(
    [...collectedByMeter].map(([meterId, collectedByRule]) => [
      meterId,
      { vendMonth, unitsPurchased: '0', collectedByRule, freeUnitsIssued: false },
    ]),
  );
  if (meterIds.length === 0) return figures;
  const ids = [...figures.keys()];
  const totals = await db
    .selectFrom('prepayment.vend')
    .select([
      'meter_id',
      sql<string>`sum(units)::text`.as('units'),
      sql<boolean>`coalesce(bool_or(free_units > 0), false)`.as('free_units_issued'),
    ])
    .where('company_id', '=', companyId)
    .where('meter_id', 'in', ids)
    .where('vend_month', '=', vendMonth)
    .where('status', '<>', 'reversed')
    .groupBy('meter_id')
    .execute();
  for (const row of totals) {
    figures.set(row.meter_id, {
      ...figures.get(row.meter_id)!,
      unitsPurchased: row.units,
      freeUnitsIssued: row.free_units_issued,
    });
  }
  const collected = await db
    .selectFrom('prepayment.vend_line as line')
    .innerJoin('prepayment.vend as vend', (join) =>
      join.onRef('vend.company_id', '=', 'line.company_id').onRef('vend.id', '=', 'line.vend_id'),
    )
    .innerJoin('prepayment.deduction_rule as rule', (join) =>
      join.onRef('rule.company_id', '=', 'line.company_id').onRef('rule.id', '=', 'line.deduction_rule_id'),
    )
    .select(['vend.meter_id', 'rule.code', sql<string>`sum(line.amount_minor)::text`.as('amount_minor')])
    .where('vend.company_id', '=', companyId)
    .where('vend.meter_id', 'in', ids)
    .where('vend.vend_month', '=', vendMonth)
    .where('vend.status', '<>', 'reversed')
    .groupBy(['vend.meter_id', 'rule.code'])
    .execute();
  for (const row of collected) {
    collectedByMeter.get(row.meter_id)!.set(row.code, BigInt(row.amount_minor));
  }
  return figures;
}
