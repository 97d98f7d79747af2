import type { Db, RequestContext } from '../../platform/context/request-context.js';
import { createUser } from '../identity/index.js';
import {
  assignVendingCashier,
  createVendingAgent,
  createVendingOutlet,
  depositAgentFloat,
  setCommissionRules,
} from '../prepayment/index.js';

/** The demo's vending agent: a shop that sells prepaid units from a float of $500.00. */
export const demoVendingAgent = {
  code: 'corner-shop',
  name: 'Corner Shop (demo)',
  outlet: { code: 'main-street', name: 'Main Street', address: '3 Main Street, Jefferson, GA 30549' },
  /** The shop keeps this share of every sale as its commission. */
  commissionPercent: '2.5',
  openingFloatMinor: '50000',
  user: { email: 'agent@demo.example', displayName: 'Vera Vendor' },
} as const;

export type SeededVendingAgent = {
  agentId: string;
  agentCode: string;
  outletId: string;
  /** The agent's login (a user of kind agent), which sells at the outlet. */
  userId: string;
  /** The one-time token with which the login's password is set. */
  passwordSetupToken: string;
};

/**
 * Adds a vending agent to the demo utility: one outlet, a 2.5% commission on every channel, an opening
 * float deposit, and one agent user who sells at the outlet once its password is set.
 */
export async function seedDemoVendingAgent(
  db: Db,
  context: RequestContext,
  currency: string,
): Promise<SeededVendingAgent> {
  const agent = await createVendingAgent(db, context, {
    code: demoVendingAgent.code,
    name: demoVendingAgent.name,
  });
  const outlet = await createVendingOutlet(db, context, agent.id, demoVendingAgent.outlet);
  await setCommissionRules(db, context, agent.id, {
    rules: [{ method: 'percent', percent: demoVendingAgent.commissionPercent }],
  });
  await depositAgentFloat(db, context, agent.id, {
    amountMinor: demoVendingAgent.openingFloatMinor,
    currency,
    reference: 'demo-opening-float',
    note: 'Opening float of the demo',
  });
  const { user, passwordSetupToken } = await createUser(
    db,
    { ...context, permissions: ['*'] },
    {
      kind: 'agent',
      email: demoVendingAgent.user.email,
      displayName: demoVendingAgent.user.displayName,
      roles: [],
    },
  );
  await assignVendingCashier(db, context, agent.id, {
    actorKind: 'user',
    actorId: user.id,
    outletId: outlet.id,
  });
  return {
    agentId: agent.id,
    agentCode: agent.code,
    outletId: outlet.id,
    userId: user.id,
    passwordSetupToken,
  };
}
