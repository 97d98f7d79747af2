import type { RoundingMode } from '@open-cis/rating';
import type { DbOrTrx, RequestContext, Trx } from '../../../platform/context/request-context.js';
import { ruleViolation } from '../../../platform/errors/app-error.js';
import { newId } from '../../../platform/ids/new-id.js';
import {
  availableFloat,
  computeCommission,
  maxTenderedWithin,
  pickCommissionRule,
  type VendingAgent,
  type VendingCashier,
} from '../domain/vending-agent.js';
import type { StoredVend } from '../db/vend-store.js';
import {
  addFloatEntry,
  selectAgent,
  selectCashier,
  selectCommissionRules,
} from '../db/vending-agent-queries.js';

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
  const cashier = await selectCashier(db, context.companyId, context.actor);
  if (cashier !== undefined && !cashier.active) {
    throw ruleViolation(
      'PREPAYMENT.CASHIER_INACTIVE',
      `This login was stopped from selling for vending agent ${cashier.agentId}; ask the utility to reactivate it.`,
    );
  }
  if (cashier === undefined && (await isAgentUser(db, context))) {
    throw ruleViolation(
      'PREPAYMENT.AGENT_LOGIN_UNASSIGNED',
      `Agent user ${context.actor.id} sells for no vending agent yet; the utility assigns it with PUT /v1/prepaid/agents/:agentId/cashiers.`,
    );
  }
  return cashier;
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
 * Locks the cashier's agent and checks that it may make this sale: it is active, sells in the vend's
 * currency and has float for the amount tendered less its commission. Every vend of the agent takes the
 * same lock, after its meter's, so two vends never spend the same float.
 */
export async function reserveAgentSale(
  trx: Trx,
  context: RequestContext,
  cashier: VendingCashier,
  sale: { tenderedMinor: bigint; currency: string; channel: string; rounding: RoundingMode },
): Promise<AgentSale> {
  const agent = await selectAgent(trx, context.companyId, cashier.agentId, { lock: true });
  if (!agent) throw new Error(`Vending agent ${cashier.agentId} of a cashier is missing.`);
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
  const rules = await selectCommissionRules(trx, context.companyId, agent.id);
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

/** Takes the amount tendered off the agent's float and gives its commission back, for a stored vend. */
export async function postAgentSale(
  trx: Trx,
  context: RequestContext,
  sale: AgentSale,
  vend: { id: string; tenderedMinor: bigint; accountingDate: string },
): Promise<void> {
  const entry = { agentId: sale.agent.id, vendId: vend.id, reference: null, note: null };
  await addFloatEntry(trx, context.companyId, {
    ...entry,
    id: newId(),
    kind: 'vend',
    amountMinor: -vend.tenderedMinor,
    accountingDate: vend.accountingDate,
    actor: context.actor,
  });
  if (sale.commissionMinor > 0n) {
    await addFloatEntry(trx, context.companyId, {
      ...entry,
      id: newId(),
      kind: 'commission',
      amountMinor: sale.commissionMinor,
      accountingDate: vend.accountingDate,
      actor: context.actor,
    });
  }
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
