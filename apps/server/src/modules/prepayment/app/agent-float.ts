import type { RoundingMode } from '@open-cis/rating';
import type { DbOrTrx, RequestContext, Trx } from '../../../platform/context/request-context.js';
import { AppError, ruleViolation } from '../../../platform/errors/app-error.js';
import { newId } from '../../../platform/ids/new-id.js';
import {
  availableFloat,
  computeCommission,
  maxTenderedWithin,
  pickCommissionRule,
  type CommissionRule,
  type VendingAgent,
  type VendingCashier,
} from '../domain/vending-agent.js';
import type { StoredVend } from '../db/vend-store.js';
import { addFloatEntry, selectAgent, selectCashiersOfActors } from '../db/vending-agent-queries.js';

/** An agent's part in a vend: whom it draws on and what the agent earns. */
export type AgentSale = { agent: VendingAgent; outletId: string | null; commissionMinor: bigint };

/**
 * Returns the agent assignment of the login that sells, or undefined for the utility's own staff and API
 * keys. Throws for a login that was stopped from selling for its agent (active false), and for an agent's
 * user not yet assigned to an agent: either would otherwise sell as the utility, without a float.
 */
export async function loadSellingLogin(
  db: DbOrTrx,
  context: RequestContext,
): Promise<VendingCashier | undefined> {
  const [cashier] = await loadSellingLogins(db, [context]);
  if (cashier instanceof AppError) throw cashier;
  return cashier;
}

/**
 * Returns loadSellingLogin's result for each of the contexts, all of one company, with the error in place
 * of a login that may not sell. One statement reads the assignments of all the logins.
 */
export async function loadSellingLogins(
  db: DbOrTrx,
  contexts: readonly RequestContext[],
): Promise<(VendingCashier | undefined | AppError)[]> {
  if (contexts.length === 0) return [];
  const { companyId } = contexts[0]!;
  const cashiers = await selectCashiersOfActors(
    db,
    companyId,
    contexts.map((context) => context.actor),
  );
  const logins: (VendingCashier | undefined | AppError)[] = [];
  for (const context of contexts) {
    const cashier = cashiers.get(`${context.actor.kind}:${context.actor.id}`);
    if (cashier !== undefined && !cashier.active) {
      logins.push(
        ruleViolation(
          'PREPAYMENT.CASHIER_INACTIVE',
          `This login was stopped from selling for vending agent ${cashier.agentId}; ask the utility to reactivate it.`,
        ),
      );
    } else if (cashier === undefined && (await isAgentUser(db, context))) {
      logins.push(
        ruleViolation(
          'PREPAYMENT.AGENT_LOGIN_UNASSIGNED',
          `Agent user ${context.actor.id} sells for no vending agent yet; the utility assigns it with PUT /v1/prepaid/agents/:agentId/cashiers.`,
        ),
      );
    } else logins.push(cashier);
  }
  return logins;
}

/** Returns whether the actor is a user of kind agent: a vending agent's login rather than the utility's staff. */
export async function isAgentUser(db: DbOrTrx, context: RequestContext): Promise<boolean> {
  if (context.actor.kind !== 'user') return false;
  const user = await db
    .selectFrom('identity.user_account')
    .select('kind')
    .where('company_id', '=', context.companyId)
    .where('id', '=', context.actor.id)
    .executeTakeFirst();
  return user?.kind === 'agent';
}

/**
 * Checks that the cashier's agent may make this sale: it is active, sells in the vend's currency and has
 * float for the amount tendered less its commission. The caller holds the agent's row lock (lockAgents)
 * and passes its float as it is after the sales before this one, so two vends never spend the same
 * float. Throws the rule violation that stops the sale.
 */
export function prepareAgentSale(
  agent: VendingAgent,
  rules: readonly CommissionRule[],
  cashier: VendingCashier,
  sale: { tenderedMinor: bigint; currency: string; channel: string; rounding: RoundingMode },
): AgentSale {
  if (agent.status !== 'active') {
    throw ruleViolation(
      'PREPAYMENT.AGENT_SUSPENDED',
      `Vending agent ${agent.code} is suspended and cannot sell; the utility must reactivate it.`,
    );
  }
  if (agent.currency !== sale.currency) {
    throw ruleViolation(
      'PREPAYMENT.CURRENCY_MISMATCH',
      `The float of vending agent ${agent.code} is in ${agent.currency}, not ${sale.currency}.`,
    );
  }
  const rule = pickCommissionRule(rules, sale.channel);
  const commissionMinor = computeCommission(rule, sale.tenderedMinor, sale.rounding);
  const drawMinor = sale.tenderedMinor - commissionMinor;
  const available = availableFloat(agent);
  if (drawMinor > available) {
    const most = maxTenderedWithin(available, rule, sale.rounding);
    throw ruleViolation(
      'PREPAYMENT.AGENT_FLOAT_EXHAUSTED',
      `Vending agent ${agent.code} has ${available} minor units of float left (balance ${agent.floatBalanceMinor}, credit limit ${agent.creditLimitMinor}), and this sale needs ${drawMinor} after commission; sell at most ${most} or deposit float first.`,
      [
        {
          path: 'amountMinor',
          message: `Expected at most ${most}, which the agent's float covers, got ${sale.tenderedMinor}.`,
        },
      ],
    );
  }
  return { agent, outletId: cashier.outletId, commissionMinor };
}

/** Gives a reversed vend's amount back to its agent's float and takes its commission back. */
export async function returnAgentSale(
  trx: Trx,
  context: RequestContext,
  vend: StoredVend,
  accountingDate: string,
): Promise<void> {
  if (vend.agentId === null) return;
  await selectAgent(trx, context.companyId, vend.agentId, { lock: true });
  const entry = { agentId: vend.agentId, vendId: vend.id, reference: null, note: null, accountingDate };
  await addFloatEntry(trx, context.companyId, {
    ...entry,
    id: newId(),
    kind: 'vend-reversal',
    amountMinor: vend.tenderedMinor,
    actor: context.actor,
  });
  if (vend.commissionMinor > 0n) {
    await addFloatEntry(trx, context.companyId, {
      ...entry,
      id: newId(),
      kind: 'commission-reversal',
      amountMinor: -vend.commissionMinor,
      actor: context.actor,
    });
  }
}
