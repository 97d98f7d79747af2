import { Decimal } from 'decimal.js';
import type { RoundingMode } from '@open-cis/rating';
import { roundMinor } from './round-minor.js';

/** An organisation that sells prepaid units for the utility from a prefunded float. */
export type VendingAgent = {
  id: string;
  code: string;
  name: string;
  status: 'active' | 'suspended';
  currency: string;
  floatBalanceMinor: bigint;
  creditLimitMinor: bigint;
};

/** A place where an agent sells, such as a shop. */
export type VendingOutlet = {
  id: string;
  agentId: string;
  code: string;
  name: string;
  address: string | null;
  status: 'active' | 'closed';
};

/** A login (a user or an API key) that sells for an agent, at an outlet when it has one. */
export type VendingCashier = {
  actorKind: 'user' | 'api-key';
  actorId: string;
  agentId: string;
  outletId: string | null;
  active: boolean;
};

/** An agent's commission on a vend: a percent of the amount tendered or a fixed amount per vend. */
export type CommissionRule = {
  id: string;
  agentId: string;
  /** The sales channel the rule is for; null for every channel without a rule of its own. */
  channel: string | null;
  method: 'percent' | 'fixed';
  percent: string | null;
  amountMinor: bigint | null;
};

/** Picks the rule for `channel`: its own rule, else the agent's rule for every channel, else none. */
export function pickCommissionRule(
  rules: readonly CommissionRule[],
  channel: string,
): CommissionRule | undefined {
  return rules.find((rule) => rule.channel === channel) ?? rules.find((rule) => rule.channel === null);
}

/**
 * Computes an agent's commission on a vend in minor units, rounded as the company rounds money. A fixed
 * commission never exceeds the amount tendered.
 */
export function computeCommission(
  rule: CommissionRule | undefined,
  tenderedMinor: bigint,
  rounding: RoundingMode,
): bigint {
  if (rule === undefined) return 0n;
  if (rule.method === 'fixed') {
    const amount = rule.amountMinor ?? 0n;
    return amount < tenderedMinor ? amount : tenderedMinor;
  }
  return roundMinor(new Decimal(tenderedMinor.toString()).times(rule.percent ?? 0).div(100), rounding);
}

/**
 * Returns the float an agent has left to sell from: its balance plus its credit limit. A vend draws the
 * amount tendered less the commission, so it may go ahead when that is at most this.
 */
export function availableFloat(agent: Pick<VendingAgent, 'floatBalanceMinor' | 'creditLimitMinor'>): bigint {
  return agent.floatBalanceMinor + agent.creditLimitMinor;
}

/**
 * Returns the largest amount tendered whose draw on the float (the amount less the commission on it) is at
 * most `available`, or 0 when none is. The commission is rounded, so the estimate from the rate is checked
 * and moved by whole minor units until it is exact.
 */
export function maxTenderedWithin(
  available: bigint,
  rule: CommissionRule | undefined,
  rounding: RoundingMode,
): bigint {
  if (available <= 0n) return 0n;
  const draw = (tendered: bigint) => tendered - computeCommission(rule, tendered, rounding);
  let tendered = available;
  if (rule?.method === 'fixed') tendered = available + (rule.amountMinor ?? 0n);
  if (rule?.method === 'percent') {
    const keptShare = new Decimal(100).minus(rule.percent ?? 0);
    tendered = BigInt(new Decimal(available.toString()).times(100).div(keptShare).floor().toFixed(0));
  }
  while (tendered > 0n && draw(tendered) > available) tendered -= 1n;
  while (draw(tendered + 1n) <= available) tendered += 1n;
  return tendered;
}
