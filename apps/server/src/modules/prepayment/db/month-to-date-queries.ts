import { sql } from 'kysely';
import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import { emptyMonthToDate, type MonthToDate } from '../domain/month-to-date.js';

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
  const figures = new Map<string, MonthToDate>();
  if (meterIds.length === 0) return figures;

  // Lateral subqueries per meter make each meter one lookup of the (meter, month) index. Joined or
  // filtered with `in (...)`, the planner may instead read the whole month's vends, which grow all month.
  // Each deduction rule's sum comes back as text in a JSON object, so no amount passes through a float.
  const rows = await sql<{
    meter_id: string;
    units: string | null;
    free_units_issued: boolean;
    collected: Record<string, string> | null;
  }>`
    select m.meter_id, t.units, t.free_units_issued, c.collected
      from unnest(${[...new Set(meterIds)]}::uuid[]) as m(meter_id)
      cross join lateral (
        select sum(v.units)::text as units, coalesce(bool_or(v.free_units > 0), false) as free_units_issued
          from prepayment.vend v
         where v.company_id = ${companyId} and v.meter_id = m.meter_id
           and v.vend_month = ${vendMonth}::date and v.status <> 'reversed'
      ) t
      cross join lateral (
        select json_object_agg(by_rule.code, by_rule.amount_minor) as collected
          from (
            select r.code, sum(l.amount_minor)::text as amount_minor
              from prepayment.vend v
              join prepayment.vend_line l on l.company_id = v.company_id and l.vend_id = v.id
              join prepayment.deduction_rule r on r.company_id = l.company_id and r.id = l.deduction_rule_id
             where v.company_id = ${companyId} and v.meter_id = m.meter_id
               and v.vend_month = ${vendMonth}::date and v.status <> 'reversed'
             group by r.code
          ) by_rule
      ) c
  `.execute(db);
  for (const row of rows.rows) {
    const collected = Object.entries(row.collected ?? {}).map(
      ([code, amount]) => [code, BigInt(amount)] as const,
    );
    figures.set(row.meter_id, {
      vendMonth,
      unitsPurchased: row.units ?? '0',
      collectedByRule: new Map(collected),
      freeUnitsIssued: row.free_units_issued,
    });
  }
  return figures;
}

/** The month-to-date figures as a meter's row stores them (migration 0077): amounts as decimal strings. */
type StoredMonthToDate = {
  month: string;
  units: string;
  collected: Record<string, string>;
  freeUnitsIssued: boolean;
};

/** Returns a meter row's stored month-to-date figures, or null when the row has none. */
export function readStoredMonthToDate(stored: unknown): MonthToDate | null {
  if (stored === null || stored === undefined) return null;
  const figures = stored as StoredMonthToDate;
  return {
    vendMonth: figures.month,
    unitsPurchased: figures.units,
    collectedByRule: new Map(
      Object.entries(figures.collected).map(([code, amount]) => [code, BigInt(amount)]),
    ),
    freeUnitsIssued: figures.freeUnitsIssued,
  };
}

/** Returns the month-to-date figures in the form a meter's row stores them. */
export function toStoredMonthToDate(monthToDate: MonthToDate): StoredMonthToDate {
  return {
    month: monthToDate.vendMonth,
    units: monthToDate.unitsPurchased,
    collected: Object.fromEntries(
      [...monthToDate.collectedByRule].map(([code, amount]) => [code, amount.toString()]),
    ),
    freeUnitsIssued: monthToDate.freeUnitsIssued,
  };
}

/**
 * Returns the month-to-date figures of each meter for `vendMonth`, from the figures its locked row stores
 * where it can, and sums the vends of the others in one statement (see selectMonthToDates). Stored figures
 * of an earlier month mean that the meter has no vend yet in this one. Null, or figures of a later month
 * (a server whose clock is behind another's, at a month boundary), need the sum.
 */
export async function resolveMonthToDates(
  trx: Trx,
  companyId: string,
  stored: ReadonlyMap<string, MonthToDate | null>,
  vendMonth: string,
): Promise<Map<string, MonthToDate>> {
  const figures = new Map<string, MonthToDate>();
  const unknown: string[] = [];
  for (const [meterId, monthToDate] of stored) {
    if (monthToDate === null || monthToDate.vendMonth > vendMonth) unknown.push(meterId);
    else if (monthToDate.vendMonth < vendMonth) figures.set(meterId, emptyMonthToDate(vendMonth));
    else figures.set(meterId, monthToDate);
  }
  for (const [meterId, monthToDate] of await selectMonthToDates(trx, companyId, unknown, vendMonth)) {
    figures.set(meterId, monthToDate);
  }
  return figures;
}

/** Clears a meter's stored month-to-date figures, so that its next vend sums the month's vends again. */
export async function forgetMonthToDate(trx: Trx, companyId: string, meterId: string): Promise<void> {
  await trx
    .updateTable('prepayment.prepaid_meter')
    .set({ month_to_date: null })
    .where('company_id', '=', companyId)
    .where('meter_id', '=', meterId)
    .execute();
}
