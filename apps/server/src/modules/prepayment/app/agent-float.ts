import type { RoundingMode } from '@open-cis/rating';
import type { RequestContext, Trx } from '../../../platform/context/request-context.js';
import { ruleViolation } from '../../../platform/errors/app-error.js';
import { newId } from '../../../platform/ids/new-id.js';
import {
  availableFloat,
  computeCommission,
  pickCommissionRule,
  type VendingAgent,
  type VendingCashier,
} from '../domain/vending-agent.js';
import type { StoredVend } from '../db/vend-store.js';
import { addFloatEntry, selectAgent, selectCommissionRules } from '../db/vending-agent-queries.js';

/** An agent's part in a vend: whom it draws on and what the agent earns. */
export type AgentSale = { agent: VendingAgent; outletId: string | null; commissionMinor: bigint };

/**
 * Throws when the login was stopped from selling for its agent (active false). Such a login is rejected
 * rather than treated as the utility's own, which would sell without a float.
 */
export function assertCashierActive(cashier: VendingCashier | undefined): void {
  if (cashier === undefined || cashier.active) return;
  throw ruleViolation(
    'PREPAYMENT.CASHIER_INACTIVE',
    `This login was stopped from selling for vending agent ${cashier.agentId}; ask the utility to reactivate it.`,
  );
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
  const commissionMinor = computeCommission(
    pickCommissionRule(rules, sale.channel),
    sale.tenderedMinor,
    sale.rounding,
  );
  const drawMinor = sale.tenderedMinor - commissionMinor;
  const available = availableFloat(agent);
  if (drawMinor > available) {
    throw ruleViolation(
      'PREPAYMENT.AGENT_FLOAT_EXHAUSTED',
      `Vending agent ${agent.code} has ${available} minor units of float left (balance ${agent.floatBalanceMinor}, credit limit ${agent.creditLimitMinor}), and this sale needs ${drawMinor}; sell at most ${available + commissionMinor} or deposit float first.`,
      [{ path: 'amountMinor', message: `Expected at most the agent's float, got ${sale.tenderedMinor}.` }],
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
