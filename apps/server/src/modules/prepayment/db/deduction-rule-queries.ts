import { Decimal } from 'decimal.js';
import type { Selectable } from 'kysely';
import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import type { DeductionRuleTable } from '../../../platform/db/schema.js';
import type { DeductionRule } from '../domain/deduction-rule.js';

/** Lists the company's deduction rules in force, in position order. */
export async function listDeductionRules(db: DbOrTrx, companyId: string): Promise<DeductionRule[]> {
  const rows = await db
    .selectFrom('prepayment.deduction_rule')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('retired_at', 'is', null)
    .orderBy('position')
    .execute();
  return rows.map(toDeductionRule);
}

/** Retires every rule in force and returns their ids and codes; their vend lines keep naming them. */
export async function retireDeductionRules(
  trx: Trx,
  companyId: string,
): Promise<{ id: string; code: string }[]> {
  return trx
    .updateTable('prepayment.deduction_rule')
    .set({ retired_at: new Date() })
    .where('company_id', '=', companyId)
    .where('retired_at', 'is', null)
    .returning(['id', 'code'])
    .execute();
}

export async function insertDeductionRules(
  trx: Trx,
  companyId: string,
  rules: DeductionRule[],
): Promise<void> {
  if (rules.length === 0) return;
  await trx
    .insertInto('prepayment.deduction_rule')
    .values(
      rules.map((rule) => ({
        company_id: companyId,
        id: rule.id,
        code: rule.code,
        name: rule.name,
        kind: rule.kind,
        method: rule.method,
        position: rule.position,
        amount_minor: rule.amountMinor?.toString() ?? null,
        percent: rule.percent,
        max_per_vend_minor: rule.maxPerVendMinor?.toString() ?? null,
        max_per_month_minor: rule.maxPerMonthMinor?.toString() ?? null,
        channel: rule.channel,
        service: rule.service,
      })),
    )
    .execute();
}

function toDeductionRule(row: Selectable<DeductionRuleTable>): DeductionRule {
  const bigintOrNull = (value: string | null) => (value === null ? null : BigInt(value));
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    method: row.method,
    position: row.position,
    amountMinor: bigintOrNull(row.amount_minor),
    // numeric(9, 6) pads to six decimals; the rule reads back as it was given ("4", not "4.000000").
    percent: row.percent === null ? null : new Decimal(row.percent).toString(),
    maxPerVendMinor: bigintOrNull(row.max_per_vend_minor),
    maxPerMonthMinor: bigintOrNull(row.max_per_month_minor),
    channel: row.channel,
    service: row.service,
  };
}
