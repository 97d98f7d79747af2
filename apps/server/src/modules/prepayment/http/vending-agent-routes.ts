import { z } from 'zod';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { sellers } from './sellers.js';
import {
  assignVendingCashier,
  createVendingAgent,
  createVendingOutlet,
  depositAgentFloat,
  getVendingAgentDetails,
  listVendingAgents,
  setCommissionRules,
  updateVendingAgent,
  type VendingAgentDetails,
} from '../app/manage-vending-agents.js';
import { reconcileAgentDay, type AgentReconciliation } from '../app/reconcile-agent-day.js';
import type { CommissionRule, VendingAgent, VendingCashier, VendingOutlet } from '../domain/vending-agent.js';
import {
  assignVendingCashierBody,
  createVendingAgentBody,
  createVendingOutletBody,
  depositAgentFloatBody,
  reconciliationQuery,
  setCommissionRulesBody,
  updateVendingAgentBody,
} from '../domain/vending-agent-schemas.js';

const agentSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    status: z.enum(['active', 'suspended']),
    currency: z.string(),
    floatBalanceMinor: z.string().describe('The prefunded float left, in minor units; below 0 on credit'),
    creditLimitMinor: z.string(),
  })
  .meta({ id: 'VendingAgent' });
const outletSchema = z
  .object({
    id: z.uuid(),
    agentId: z.uuid(),
    code: z.string(),
    name: z.string(),
    address: z.string().nullable(),
    status: z.enum(['active', 'closed']),
  })
  .meta({ id: 'VendingOutlet' });
const cashierSchema = z
  .object({
    actorKind: z.enum(['user', 'api-key']),
    actorId: z.string(),
    agentId: z.uuid(),
    outletId: z.uuid().nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'VendingCashier' });
const commissionRuleSchema = z
  .object({
    id: z.uuid(),
    channel: z.string().nullable(),
    method: z.enum(['percent', 'fixed']),
    percent: z.string().nullable(),
    amountMinor: z.string().nullable(),
  })
  .meta({ id: 'AgentCommissionRule' });
const agentDetailsSchema = agentSchema
  .extend({
    outlets: z.array(outletSchema),
    cashiers: z.array(cashierSchema),
    commissionRules: z.array(commissionRuleSchema),
  })
  .meta({ id: 'VendingAgentDetails' });
const depositSchema = z
  .object({
    id: z.uuid(),
    agentId: z.uuid(),
    amountMinor: z.string(),
    currency: z.string(),
    reference: z.string(),
    balanceAfterMinor: z.string(),
    accountingDate: z.iso.date(),
    replayed: z.boolean().describe('True when the reference was deposited before: nothing new was added'),
  })
  .meta({ id: 'AgentFloatDeposit' });
const reconciliationSchema = z
  .object({
    agentId: z.uuid(),
    agentCode: z.string(),
    date: z.iso.date(),
    currency: z.string(),
    openingFloatMinor: z.string(),
    depositsMinor: z.string(),
    vendsMinor: z
      .string()
      .describe(
        'The amounts tendered of the vends dated that day, those reversed since included: their refunds are in reversalsMinor',
      ),
    commissionMinor: z.string(),
    reversalsMinor: z.string(),
    adjustmentsMinor: z.string(),
    closingFloatMinor: z.string(),
    cashiers: z.array(
      z.object({
        actorKind: z.string(),
        actorId: z.string(),
        outletId: z.uuid().nullable(),
        vendCount: z.number().int(),
        tenderedMinor: z.string(),
        commissionMinor: z.string(),
        reversedCount: z.number().int(),
        reversedMinor: z.string(),
      }),
    ),
  })
  .meta({ id: 'AgentReconciliation' });
const agentParams = z.object({ agentId: z.uuid() });

const toAgentJson = (agent: VendingAgent): z.input<typeof agentSchema> => ({
  id: agent.id,
  code: agent.code,
  name: agent.name,
  status: agent.status,
  currency: agent.currency,
  floatBalanceMinor: agent.floatBalanceMinor.toString(),
  creditLimitMinor: agent.creditLimitMinor.toString(),
});
const toOutletJson = (outlet: VendingOutlet): z.input<typeof outletSchema> => outlet;
const toCashierJson = (cashier: VendingCashier): z.input<typeof cashierSchema> => cashier;
const toRuleJson = (rule: CommissionRule): z.input<typeof commissionRuleSchema> => ({
  id: rule.id,
  channel: rule.channel,
  method: rule.method,
  percent: rule.percent,
  amountMinor: rule.amountMinor?.toString() ?? null,
});
const toDetailsJson = (details: VendingAgentDetails): z.input<typeof agentDetailsSchema> => ({
  ...toAgentJson(details),
  outlets: details.outlets.map(toOutletJson),
  cashiers: details.cashiers.map(toCashierJson),
  commissionRules: details.commissionRules.map(toRuleJson),
});
const toReconciliationJson = (day: AgentReconciliation): z.input<typeof reconciliationSchema> => ({
  ...day,
  openingFloatMinor: day.openingFloatMinor.toString(),
  depositsMinor: day.depositsMinor.toString(),
  vendsMinor: day.vendsMinor.toString(),
  commissionMinor: day.commissionMinor.toString(),
  reversalsMinor: day.reversalsMinor.toString(),
  adjustmentsMinor: day.adjustmentsMinor.toString(),
  closingFloatMinor: day.closingFloatMinor.toString(),
  cashiers: day.cashiers.map((cashier) => ({
    ...cashier,
    tenderedMinor: cashier.tenderedMinor.toString(),
    commissionMinor: cashier.commissionMinor.toString(),
    reversedMinor: cashier.reversedMinor.toString(),
  })),
});

/**
 * Registers the routes of third-party vending agents: the agents, their outlets and selling logins,
 * commission, float deposits and the daily reconciliation.
 */
export const vendingAgentRoutes: RoutePlugin = (app) => {
  app.post(
    '/v1/prepaid/agents',
    {
      config: { permission: 'prepayment:write' },
      schema: {
        tags: ['prepayment'],
        summary: 'Create a vending agent that sells prepaid units from a prefunded float',
        body: createVendingAgentBody,
        response: { 201: agentSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(toAgentJson(await createVendingAgent(request.db, request.context, request.body))),
  );

  app.get(
    '/v1/prepaid/agents',
    {
      config: { permission: 'vending:read', principals: sellers },
      schema: {
        tags: ['prepayment'],
        summary: "List the vending agents with their float; an agent's login sees its own agent only",
        response: { 200: z.object({ items: z.array(agentSchema) }) },
      },
    },
    async (request) => ({
      items: (await listVendingAgents(request.db, request.context)).map(toAgentJson),
    }),
  );

  app.get(
    '/v1/prepaid/agents/:agentId',
    {
      config: { permission: 'vending:read', principals: sellers },
      schema: {
        tags: ['prepayment'],
        summary: 'Get a vending agent with its outlets, selling logins and commission rules',
        params: agentParams,
        response: { 200: agentDetailsSchema },
      },
    },
    async (request) =>
      toDetailsJson(await getVendingAgentDetails(request.db, request.context, request.params.agentId)),
  );

  app.patch(
    '/v1/prepaid/agents/:agentId',
    {
      config: { permission: 'prepayment:write' },
      schema: {
        tags: ['prepayment'],
        summary: 'Rename, suspend or reactivate a vending agent, or change its credit limit',
        params: agentParams,
        body: updateVendingAgentBody,
        response: { 200: agentSchema },
      },
    },
    async (request) =>
      toAgentJson(
        await updateVendingAgent(request.db, request.context, request.params.agentId, request.body),
      ),
  );

  app.post(
    '/v1/prepaid/agents/:agentId/outlets',
    {
      config: { permission: 'prepayment:write' },
      schema: {
        tags: ['prepayment'],
        summary: 'Add an outlet where the agent sells',
        params: agentParams,
        body: createVendingOutletBody,
        response: { 201: outletSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          toOutletJson(
            await createVendingOutlet(request.db, request.context, request.params.agentId, request.body),
          ),
        ),
  );

  app.put(
    '/v1/prepaid/agents/:agentId/cashiers',
    {
      config: { permission: 'prepayment:write' },
      schema: {
        tags: ['prepayment'],
        summary: 'Make a user or API key sell for the agent, move it, or stop it selling',
        description:
          "The login's vends then carry the agent and its outlet, take the amount off the agent's float and " +
          'earn its commission. The login sees only its own agent and vends.',
        params: agentParams,
        body: assignVendingCashierBody,
        response: { 200: cashierSchema },
      },
    },
    async (request) =>
      toCashierJson(
        await assignVendingCashier(request.db, request.context, request.params.agentId, request.body),
      ),
  );

  app.put(
    '/v1/prepaid/agents/:agentId/commission-rules',
    {
      config: { permission: 'prepayment:write' },
      schema: {
        tags: ['prepayment'],
        summary: "Replace the agent's commission rules (per channel, and one for every other channel)",
        params: agentParams,
        body: setCommissionRulesBody,
        response: { 200: z.object({ rules: z.array(commissionRuleSchema) }) },
      },
    },
    async (request) => ({
      rules: (
        await setCommissionRules(request.db, request.context, request.params.agentId, request.body)
      ).map(toRuleJson),
    }),
  );

  app.post(
    '/v1/prepaid/agents/:agentId/float-deposits',
    {
      config: { permission: 'prepayment:write' },
      schema: {
        tags: ['prepayment'],
        summary: "Add a deposit to the agent's float; idempotent by reference",
        params: agentParams,
        body: depositAgentFloatBody,
        response: { 200: depositSchema, 201: depositSchema },
      },
    },
    async (request, reply) => {
      const deposit = await depositAgentFloat(
        request.db,
        request.context,
        request.params.agentId,
        request.body,
      );
      return reply.code(deposit.replayed ? 200 : 201).send({
        ...deposit,
        amountMinor: deposit.amountMinor.toString(),
        balanceAfterMinor: deposit.balanceAfterMinor.toString(),
      });
    },
  );

  app.get(
    '/v1/prepaid/agents/:agentId/reconciliation',
    {
      config: { permission: 'vending:read', principals: sellers },
      schema: {
        tags: ['prepayment'],
        summary: "Reconcile an agent's day: float from opening to closing, and sales by login and outlet",
        params: agentParams,
        querystring: reconciliationQuery,
        response: { 200: reconciliationSchema },
      },
    },
    async (request) =>
      toReconciliationJson(
        await reconcileAgentDay(request.db, request.context, request.params.agentId, request.query),
      ),
  );
};
