import type { z } from 'zod';
import type { AgentReconciliation as ServerReconciliation } from '../../../../server/src/modules/prepayment/app/reconcile-agent-day.js';
import type {
  CommissionRule,
  VendingAgent as ServerVendingAgent,
  VendingCashier,
  VendingOutlet,
} from '../../../../server/src/modules/prepayment/domain/vending-agent.js';
import type { quoteSchema, vendSchema } from '../../../../server/src/modules/prepayment/http/vend-json.js';
import type { vendListItemSchema } from '../../../../server/src/modules/prepayment/http/vend-list-json.js';

export type PrepaidQuote = z.infer<typeof quoteSchema>;
export type PrepaidVend = z.infer<typeof vendSchema>;
/** A sale as GET /v1/prepaid/vends lists it: without its receipt lines and tokens. */
export type PrepaidVendListItem = z.infer<typeof vendListItemSchema>;
export type ReceiptLine = PrepaidQuote['lines'][number];
/** The service a prepaid meter sells: it names the receipt and its lines. */
export type PrepaidService = PrepaidQuote['service'];

/**
 * A server type as its JSON has it: each bigint amount in minor units becomes a string of digits. The
 * routes of vending agents keep their response schemas to themselves, so their types come from the
 * server's own types through this mapping (vending-agent-routes.ts writes each bigint with toString).
 */
type AsJson<Value> = Value extends bigint
  ? string
  : Value extends readonly (infer Item)[]
    ? AsJson<Item>[]
    : Value extends object
      ? { [Key in keyof Value]: AsJson<Value[Key]> }
      : Value;

/** A vending agent with its float, as GET /v1/prepaid/agents lists it. */
export type VendingAgent = AsJson<ServerVendingAgent>;

export type { VendingOutlet };

/** An agent with its outlets, its selling logins and its commission rules. */
export type VendingAgentDetails = VendingAgent & {
  outlets: VendingOutlet[];
  cashiers: VendingCashier[];
  commissionRules: AsJson<Omit<CommissionRule, 'agentId'>>[];
};

/** An agent's accounting day: its float from opening to closing balance, and its sales by login. */
export type AgentReconciliation = AsJson<ServerReconciliation>;

/** The sales of one login at one outlet on the reconciled day. */
export type CashierDay = AgentReconciliation['cashiers'][number];
