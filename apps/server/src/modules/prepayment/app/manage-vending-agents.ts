import { Temporal } from 'temporal-polyfill';
import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext, Trx } from '../../../platform/context/request-context.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { conflict, notFound, ruleViolation } from '../../../platform/errors/app-error.js';
import { newId } from '../../../platform/ids/new-id.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { getCompany } from '../../companies/index.js';
import { isAgentUser } from './agent-float.js';
import type { CommissionRule, VendingAgent, VendingCashier, VendingOutlet } from '../domain/vending-agent.js';
import {
  assignVendingCashierBody,
  createVendingAgentBody,
  createVendingOutletBody,
  depositAgentFloatBody,
  setCommissionRulesBody,
  updateVendingAgentBody,
  type AssignVendingCashierInput,
  type CreateVendingAgentInput,
  type CreateVendingOutletInput,
  type DepositAgentFloatInput,
  type SetCommissionRulesInput,
  type UpdateVendingAgentInput,
} from '../domain/vending-agent-schemas.js';
import {
  addFloatEntry,
  insertAgent,
  insertOutlet,
  replaceCommissionRules,
  selectAgent,
  selectAgents,
  selectCashier,
  selectCashiers,
  selectCommissionRules,
  selectDepositByReference,
  selectOutlets,
  updateAgent,
  upsertCashier,
} from '../db/vending-agent-queries.js';

/** An agent with its outlets, the logins that sell for it and its commission rules. */
export type VendingAgentDetails = VendingAgent & {
  outlets: VendingOutlet[];
  cashiers: VendingCashier[];
  commissionRules: CommissionRule[];
};

/** A float deposit as stored, with the balance after it and whether a retry found it. */
export type FloatDeposit = {
  id: string;
  agentId: string;
  amountMinor: bigint;
  currency: string;
  reference: string;
  balanceAfterMinor: bigint;
  accountingDate: string;
  replayed: boolean;
};

export async function createVendingAgent(
  db: DbOrTrx,
  context: RequestContext,
  input: CreateVendingAgentInput,
): Promise<VendingAgent> {
  assertPermission(context, 'prepayment:write');
  const body = parseInput(createVendingAgentBody, input, 'PREPAYMENT.INVALID_AGENT');
  return inTransaction(db, async (trx) => {
    const company = await getCompany(trx, context.companyId);
    const agent = await insertAgent(trx, context.companyId, {
      id: newId(),
      code: body.code,
      name: body.name,
      currency: company.currency,
      creditLimitMinor: BigInt(body.creditLimitMinor ?? '0'),
    });
    if (!agent) {
      throw conflict(
        'PREPAYMENT.AGENT_CODE_TAKEN',
        `A vending agent with code ${body.code} exists already; choose another code or change that agent.`,
      );
    }
    await recordAudit(trx, context, [
      {
        entityType: 'vending-agent',
        entityId: agent.id,
        action: 'create',
        changes: createdFields(auditFields(agent)),
      },
    ]);
    return agent;
  });
}

export async function updateVendingAgent(
  db: DbOrTrx,
  context: RequestContext,
  agentId: string,
  input: UpdateVendingAgentInput,
): Promise<VendingAgent> {
  assertPermission(context, 'prepayment:write');
  const body = parseInput(updateVendingAgentBody, input, 'PREPAYMENT.INVALID_AGENT');
  return inTransaction(db, async (trx) => {
    const before = await requireAgent(trx, context, agentId, { lock: true });
    const creditLimitMinor = body.creditLimitMinor === undefined ? undefined : BigInt(body.creditLimitMinor);
    if (creditLimitMinor !== undefined && before.floatBalanceMinor < -creditLimitMinor) {
      throw ruleViolation(
        'PREPAYMENT.CREDIT_LIMIT_BELOW_BALANCE',
        `The float of agent ${before.code} is ${before.floatBalanceMinor} minor units, below minus the new credit limit ${creditLimitMinor}; take a deposit first or choose a limit of at least ${-before.floatBalanceMinor}.`,
        [
          {
            path: 'creditLimitMinor',
            message: `Expected at least ${-before.floatBalanceMinor}, got ${creditLimitMinor}.`,
          },
        ],
      );
    }
    const after = await updateAgent(trx, context.companyId, agentId, {
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(body.status === undefined ? {} : { status: body.status }),
      ...(creditLimitMinor === undefined ? {} : { creditLimitMinor }),
    });
    if (!after) throw agentNotFound(agentId);
    const changes: Record<string, [unknown, unknown]> = {};
    const fieldsBefore = auditFields(before);
    const fieldsAfter = auditFields(after);
    for (const field of ['name', 'status', 'credit_limit_minor'] as const) {
      if (fieldsBefore[field] !== fieldsAfter[field])
        changes[field] = [fieldsBefore[field], fieldsAfter[field]];
    }
    if (Object.keys(changes).length > 0) {
      await recordAudit(trx, context, [
        { entityType: 'vending-agent', entityId: agentId, action: 'update', changes },
      ]);
    }
    return after;
  });
}

export async function listVendingAgents(db: DbOrTrx, context: RequestContext): Promise<VendingAgent[]> {
  assertPermission(context, 'vending:read');
  const agents = await selectAgents(db, context.companyId);
  const cashier = await selectCashier(db, context.companyId, context.actor);
  // A login that sells for an agent gets that agent only, and an unassigned agent user none.
  if (cashier !== undefined) return agents.filter((agent) => agent.id === cashier.agentId);
  return (await isAgentUser(db, context)) ? [] : agents;
}

export async function getVendingAgentDetails(
  db: DbOrTrx,
  context: RequestContext,
  agentId: string,
): Promise<VendingAgentDetails> {
  assertPermission(context, 'vending:read');
  const agent = await requireAgent(db, context, agentId);
  await assertSellsForAgentOrStaff(db, context, agentId);
  return {
    ...agent,
    outlets: await selectOutlets(db, context.companyId, agentId),
    cashiers: await selectCashiers(db, context.companyId, agentId),
    commissionRules: await selectCommissionRules(db, context.companyId, agentId),
  };
}

export async function createVendingOutlet(
  db: DbOrTrx,
  context: RequestContext,
  agentId: string,
  input: CreateVendingOutletInput,
): Promise<VendingOutlet> {
  assertPermission(context, 'prepayment:write');
  const body = parseInput(createVendingOutletBody, input, 'PREPAYMENT.INVALID_OUTLET');
  return inTransaction(db, async (trx) => {
    const agent = await requireAgent(trx, context, agentId);
    const outlet = await insertOutlet(trx, context.companyId, {
      id: newId(),
      agentId,
      code: body.code,
      name: body.name,
      address: body.address ?? null,
    });
    if (!outlet) {
      throw conflict(
        'PREPAYMENT.OUTLET_CODE_TAKEN',
        `Agent ${agent.code} has an outlet with code ${body.code} already; choose another code.`,
      );
    }
    await recordAudit(trx, context, [
      {
        entityType: 'vending-outlet',
        entityId: outlet.id,
        action: 'create',
        changes: createdFields({ ...outlet }),
      },
    ]);
    return outlet;
  });
}

/**
 * Makes a user or API key of the company sell for the agent (at one of its outlets), moves it to another
 * agent, or stops it selling (`active: false`). Its vends then carry the agent and draw on its float.
 */
export async function assignVendingCashier(
  db: DbOrTrx,
  context: RequestContext,
  agentId: string,
  input: AssignVendingCashierInput,
): Promise<VendingCashier> {
  assertPermission(context, 'prepayment:write');
  const body = parseInput(assignVendingCashierBody, input, 'PREPAYMENT.INVALID_CASHIER');
  return inTransaction(db, async (trx) => {
    await requireAgent(trx, context, agentId);
    if (body.outletId !== undefined) {
      const outlets = await selectOutlets(trx, context.companyId, agentId);
      if (!outlets.some((outlet) => outlet.id === body.outletId)) {
        throw ruleViolation(
          'PREPAYMENT.OUTLET_NOT_FOUND',
          `Outlet ${body.outletId} is not an outlet of agent ${agentId}; pick one from GET /v1/prepaid/agents/${agentId}.`,
          [{ path: 'outletId', message: `Expected an outlet of agent ${agentId}, got ${body.outletId}.` }],
        );
      }
    }
    const found = await findActor(trx, context.companyId, body.actorKind, body.actorId);
    if (found === undefined) {
      throw ruleViolation(
        'PREPAYMENT.CASHIER_NOT_FOUND',
        `No ${body.actorKind === 'user' ? 'user' : 'API key'} ${body.actorId} exists in this company; create the login first.`,
        [{ path: 'actorId', message: `Expected a ${body.actorKind} of this company, got ${body.actorId}.` }],
      );
    }
    if (body.actorKind === 'user' && found !== 'agent') {
      throw ruleViolation(
        'PREPAYMENT.CASHIER_NOT_AGENT_USER',
        `User ${body.actorId} is a ${found} user; an agent's cashier signs in as an agent user (kind agent), so create one for it.`,
        [{ path: 'actorId', message: `Expected a user of kind agent, got a ${found} user.` }],
      );
    }
    const before = await selectCashier(trx, context.companyId, { kind: body.actorKind, id: body.actorId });
    const cashier = await upsertCashier(trx, context.companyId, {
      actorKind: body.actorKind,
      actorId: body.actorId,
      agentId,
      outletId: body.outletId ?? null,
      active: body.active,
    });
    await recordAudit(trx, context, [
      {
        entityType: 'vending-cashier',
        entityId: `${body.actorKind}:${body.actorId}`,
        action: before === undefined ? 'create' : 'update',
        changes: {
          agent_id: [before?.agentId ?? null, cashier.agentId],
          outlet_id: [before?.outletId ?? null, cashier.outletId],
          active: [before?.active ?? null, cashier.active],
        },
      },
    ]);
    return cashier;
  });
}

export async function setCommissionRules(
  db: DbOrTrx,
  context: RequestContext,
  agentId: string,
  input: SetCommissionRulesInput,
): Promise<CommissionRule[]> {
  assertPermission(context, 'prepayment:write');
  const body = parseInput(setCommissionRulesBody, input, 'PREPAYMENT.INVALID_COMMISSION_RULES');
  const rules: CommissionRule[] = body.rules.map((rule) => ({
    id: newId(),
    agentId,
    channel: rule.channel ?? null,
    method: rule.method,
    percent: rule.percent ?? null,
    amountMinor: rule.amountMinor === undefined ? null : BigInt(rule.amountMinor),
  }));
  return inTransaction(db, async (trx) => {
    await requireAgent(trx, context, agentId, { lock: true });
    const before = await selectCommissionRules(trx, context.companyId, agentId);
    await replaceCommissionRules(trx, context.companyId, agentId, rules, new Date());
    await recordAudit(trx, context, [
      {
        entityType: 'vending-agent',
        entityId: agentId,
        action: 'update',
        changes: { commission_rules: [before.map(describeRule), rules.map(describeRule)] },
      },
    ]);
    return rules;
  });
}

/**
 * Adds a deposit to an agent's float. Idempotent by reference: a retry returns the first deposit with
 * `replayed: true`, and the same reference with another amount is a conflict.
 */
export async function depositAgentFloat(
  db: DbOrTrx,
  context: RequestContext,
  agentId: string,
  input: DepositAgentFloatInput,
  options: { now?: () => Temporal.Instant } = {},
): Promise<FloatDeposit> {
  assertPermission(context, 'prepayment:write');
  const body = parseInput(depositAgentFloatBody, input, 'PREPAYMENT.INVALID_DEPOSIT');
  const amountMinor = BigInt(body.amountMinor);
  const at = (options.now ?? (() => Temporal.Now.instant()))();
  return inTransaction(db, async (trx) => {
    const agent = await requireAgent(trx, context, agentId, { lock: true });
    if (body.currency !== agent.currency) {
      throw ruleViolation(
        'PREPAYMENT.CURRENCY_MISMATCH',
        `currency ${body.currency} is not the float currency ${agent.currency} of agent ${agent.code}; send the deposit in ${agent.currency}.`,
        [{ path: 'currency', message: `Expected ${agent.currency}, got ${body.currency}.` }],
      );
    }
    const earlier = await selectDepositByReference(trx, context.companyId, agentId, body.reference);
    if (earlier) {
      if (earlier.amountMinor !== amountMinor) {
        throw conflict(
          'PREPAYMENT.DEPOSIT_REFERENCE_REUSED',
          `Deposit reference ${body.reference} of agent ${agent.code} was used for ${earlier.amountMinor} minor units, not ${amountMinor}; use a new reference for a new deposit.`,
        );
      }
      return { ...toDeposit(earlier, agent.currency), replayed: true };
    }
    const company = await getCompany(trx, context.companyId);
    const id = newId();
    const accountingDate = at.toZonedDateTimeISO(company.timeZone).toPlainDate().toString();
    const balanceAfterMinor = await addFloatEntry(trx, context.companyId, {
      id,
      agentId,
      kind: 'deposit',
      amountMinor,
      vendId: null,
      reference: body.reference,
      note: body.note ?? null,
      accountingDate,
      actor: context.actor,
    });
    await recordAudit(trx, context, [
      {
        entityType: 'vending-agent',
        entityId: agentId,
        action: 'update',
        changes: {
          float_balance_minor: [agent.floatBalanceMinor.toString(), balanceAfterMinor.toString()],
          deposit_reference: [null, body.reference],
        },
      },
    ]);
    return {
      id,
      agentId,
      amountMinor,
      currency: agent.currency,
      reference: body.reference,
      balanceAfterMinor,
      accountingDate,
      replayed: false,
    };
  });
}

/** Reads an agent of the company or throws not-found. */
export async function requireAgent(
  db: DbOrTrx,
  context: RequestContext,
  agentId: string,
  options: { lock?: boolean } = {},
): Promise<VendingAgent> {
  const agent = await selectAgent(db, context.companyId, agentId, options);
  if (!agent) throw agentNotFound(agentId);
  return agent;
}

/** Throws not-found when the caller sells for another agent: agents never see each other's figures. */
export async function assertSellsForAgentOrStaff(
  db: DbOrTrx,
  context: RequestContext,
  agentId: string,
): Promise<void> {
  const cashier = await selectCashier(db, context.companyId, context.actor);
  if (cashier !== undefined ? cashier.agentId !== agentId : await isAgentUser(db, context)) {
    throw agentNotFound(agentId);
  }
}

function agentNotFound(agentId: string) {
  return notFound('PREPAYMENT.AGENT_NOT_FOUND', `Vending agent ${agentId} does not exist in this company.`);
}

/** Returns the kind of the user (staff, customer, agent), 'api-key' for an API key, or undefined. */
async function findActor(
  trx: Trx,
  companyId: string,
  kind: 'user' | 'api-key',
  id: string,
): Promise<string | undefined> {
  if (kind === 'api-key') {
    const key = await trx
      .selectFrom('identity.api_key')
      .select('id')
      .where('company_id', '=', companyId)
      .where('id', '=', id)
      .executeTakeFirst();
    return key && 'api-key';
  }
  const user = await trx
    .selectFrom('identity.user_account')
    .select('kind')
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .executeTakeFirst();
  return user?.kind;
}

function auditFields(agent: VendingAgent): Record<string, string> {
  return {
    code: agent.code,
    name: agent.name,
    status: agent.status,
    currency: agent.currency,
    credit_limit_minor: agent.creditLimitMinor.toString(),
  };
}

function describeRule(rule: CommissionRule): string {
  const amount =
    rule.method === 'percent' ? `${rule.percent ?? ''} %` : `${rule.amountMinor ?? 0n} minor units`;
  return `${rule.channel ?? 'every channel'}: ${amount}`;
}

function toDeposit(
  entry: {
    id: string;
    agentId: string;
    amountMinor: bigint;
    reference: string | null;
    balanceAfterMinor: bigint;
    accountingDate: string;
  },
  currency: string,
): Omit<FloatDeposit, 'replayed'> {
  return {
    id: entry.id,
    agentId: entry.agentId,
    amountMinor: entry.amountMinor,
    currency,
    reference: entry.reference ?? '',
    balanceAfterMinor: entry.balanceAfterMinor,
    accountingDate: entry.accountingDate,
  };
}
