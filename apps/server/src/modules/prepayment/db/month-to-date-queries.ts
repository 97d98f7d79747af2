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
  const totals = await db
    .selectFrom('prepayment.vend')
    .select([
      sql<string>`coalesce(sum(units), 0)::text`.as('units'),
      sql<boolean>`coalesce(bool_or(free_units > 0), false)`.as('free_units_issued'),
    ])
    .where('company_id', '=', companyId)
    .where('meter_id', '=', meterId)
    .where('vend_month', '=', vendMonth)
    .where('status', '<>', 'reversed')
    .executeTakeFirstOrThrow();
  const collected = await db
    .selectFrom('prepayment.vend_line as line')
    .innerJoin('prepayment.vend as vend', (join) =>
      join.onRef('vend.company_id', '=', 'line.company_id').onRef('vend.id', '=', 'line.vend_id'),
    )
    .innerJoin('prepayment.deduction_rule as rule', (join) =>
      join.onRef('rule.company_id', '=', 'line.company_id').onRef('rule.id', '=', 'line.deduction_rule_id'),
    )
    .select(['rule.code', sql<string>`sum(line.amount_minor)::text`.as('amount_minor')])
    .where('vend.company_id', '=', companyId)
    .where('vend.meter_id', '=', meterId)
    .where('vend.vend_month', '=', vendMonth)
    .where('vend.status', '<>', 'reversed')
    .groupBy('rule.code')
    .execute();
  return {
    vendMonth,
    unitsPurchased: totals.units,
    collectedByRule: new Map(collected.map((row) => [row.code, BigInt(row.amount_minor)])),
    freeUnitsIssued: totals.free_units_issued,
  };
}
