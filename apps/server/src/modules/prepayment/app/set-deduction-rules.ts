import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { newId } from '../../../platform/ids/new-id.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { DeductionRule } from '../domain/deduction-rule.js';
import { setDeductionRulesBody, type DeductionRuleInput } from '../domain/prepayment-setup-schemas.js';
import { insertDeductionRules, retireDeductionRules } from '../db/deduction-rule-queries.js';

/**
 * Replaces the company's deduction rules with `rules`, applied in the order given. The rules in force are
 * retired rather than deleted, so the receipts of earlier vends keep naming them. Month-to-date figures
 * count by rule code, so a replaced rule with the same code keeps what it collected this month.
 */
export async function setDeductionRules(
  db: DbOrTrx,
  context: RequestContext,
  rules: DeductionRuleInput[],
): Promise<DeductionRule[]> {
  assertPermission(context, 'prepayment:write');
  const parsed = parseInput(setDeductionRulesBody, { rules }, 'PREPAYMENT.INVALID_DEDUCTION_RULES');
  const created: DeductionRule[] = parsed.rules.map((rule, index) => ({
    id: newId(),
    code: rule.code,
    name: rule.name,
    kind: rule.kind,
    method: rule.method,
    position: index + 1,
    amountMinor: rule.amountMinor === undefined ? null : BigInt(rule.amountMinor),
    percent: rule.percent ?? null,
    maxPerVendMinor: rule.maxPerVendMinor === undefined ? null : BigInt(rule.maxPerVendMinor),
    maxPerMonthMinor: rule.maxPerMonthMinor === undefined ? null : BigInt(rule.maxPerMonthMinor),
    channel: rule.channel ?? null,
    service: rule.service ?? null,
  }));

  return inTransaction(db, async (trx) => {
    const retired = await retireDeductionRules(trx, context.companyId);
    await insertDeductionRules(trx, context.companyId, created);
    await recordAudit(trx, context, [
      ...retired.map((rule) => ({
        entityType: 'deduction-rule',
        entityId: rule.id,
        action: 'update' as const,
        changes: { retired: [false, true] },
      })),
      ...created.map((rule) => ({
        entityType: 'deduction-rule',
        entityId: rule.id,
        action: 'create' as const,
        changes: createdFields({
          ...rule,
          amountMinor: rule.amountMinor?.toString() ?? null,
          maxPerVendMinor: rule.maxPerVendMinor?.toString() ?? null,
          maxPerMonthMinor: rule.maxPerMonthMinor?.toString() ?? null,
        }),
      })),
    ]);
    return created;
  });
}
