import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { DbOrTrx, Trx } from '../../../platform/context/request-context.js';
import { insertStatement } from '../../../platform/db/copy-rows.js';
import type {
  AgentCommissionRuleTable,
  AgentFloatEntryKind,
  VendingAgentTable,
  VendingCashierTable,
  VendingOutletTable,
} from '../../../platform/db/schema.js';
import type { CommissionRule, VendingAgent, VendingCashier, VendingOutlet } from '../domain/vending-agent.js';

const toAgent = (row: Selectable<VendingAgentTable>): VendingAgent => ({
  id: row.id,
  code: row.code,
  name: row.name,
  status: row.status,
  currency: row.currency,
  floatBalanceMinor: BigInt(row.float_balance_minor),
  creditLimitMinor: BigInt(row.credit_limit_minor),
});

const toOutlet = (row: Selectable<VendingOutletTable>): VendingOutlet => ({
  id: row.id,
  agentId: row.agent_id,
  code: row.code,
  name: row.name,
  address: row.address,
  status: row.status,
});

const toCashier = (row: Selectable<VendingCashierTable>): VendingCashier => ({
  actorKind: row.actor_kind,
  actorId: row.actor_id,
  agentId: row.agent_id,
  outletId: row.outlet_id,
  active: row.active,
});

const toCommissionRule = (
  row: Pick<
    Selectable<AgentCommissionRuleTable>,
    'id' | 'agent_id' | 'channel' | 'method' | 'percent' | 'amount_minor'
  >,
): CommissionRule => ({
  id: row.id,
  agentId: row.agent_id,
  channel: row.channel,
  method: row.method,
  percent: row.percent,
  amountMinor: row.amount_minor === null ? null : BigInt(row.amount_minor),
});

export async function insertAgent(
  db: DbOrTrx,
  companyId: string,
  agent: Omit<VendingAgent, 'floatBalanceMinor' | 'status'>,
): Promise<VendingAgent | undefined> {
  const row = await db
    .insertInto('prepayment.vending_agent')
    .values({
      company_id: companyId,
      id: agent.id,
      code: agent.code,
      name: agent.name,
      currency: agent.currency,
      credit_limit_minor: agent.creditLimitMinor.toString(),
    })
    .onConflict((conflict) => conflict.columns(['company_id', 'code']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toAgent(row);
}

/** Reads an agent; `lock` keeps its row locked until the transaction ends, as every change to its float does. */
export async function selectAgent(
  db: DbOrTrx,
  companyId: string,
  agentId: string,
  options: { lock?: boolean } = {},
): Promise<VendingAgent | undefined> {
  let query = db
    .selectFrom('prepayment.vending_agent')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', agentId);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toAgent(row);
}

/**
 * Reads the agents with their current commission rules, in one statement, and locks the agents' rows until
 * the transaction ends. The rows are locked in id order, so that two transactions locking overlapping sets
 * of agents cannot deadlock.
 */
export async function lockAgents(
  trx: Trx,
  companyId: string,
  agentIds: readonly string[],
): Promise<Map<string, { agent: VendingAgent; commissionRules: CommissionRule[] }>> {
  if (agentIds.length === 0) return new Map();
  const result = await sql<Selectable<VendingAgentTable> & { commission_rules: CommissionRuleJson[] }>`
    select a.*,
           coalesce((select json_agg(json_build_object(
                               'id', r.id, 'agent_id', r.agent_id, 'channel', r.channel,
                               'method', r.method, 'percent', r.percent::text,
                               'amount_minor', r.amount_minor::text) order by r.channel)
                       from prepayment.agent_commission_rule r
                      where r.company_id = a.company_id and r.agent_id = a.id and r.retired_at is null),
                    '[]') as commission_rules
      from prepayment.vending_agent a
     where a.company_id = ${companyId} and a.id = any(${[...new Set(agentIds)]}::uuid[])
     order by a.id
       for update of a
  `.execute(trx);
  return new Map(
    result.rows.map((row) => [
      row.id,
      {
        agent: toAgent(row),
        commissionRules: row.commission_rules.map(toCommissionRule),
      },
    ]),
  );
}

/** A commission rule as lockAgents reads it, with its numbers as text. */
type CommissionRuleJson = Parameters<typeof toCommissionRule>[0];

export async function selectAgents(db: DbOrTrx, companyId: string): Promise<VendingAgent[]> {
  const rows = await db
    .selectFrom('prepayment.vending_agent')
    .selectAll()
    .where('company_id', '=', companyId)
    .orderBy('code')
    .execute();
  return rows.map(toAgent);
}

export async function updateAgent(
  db: DbOrTrx,
  companyId: string,
  agentId: string,
  changes: { name?: string; status?: 'active' | 'suspended'; creditLimitMinor?: bigint },
): Promise<VendingAgent | undefined> {
  const row = await db
    .updateTable('prepayment.vending_agent')
    .set({
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.status === undefined ? {} : { status: changes.status }),
      ...(changes.creditLimitMinor === undefined
        ? {}
        : { credit_limit_minor: changes.creditLimitMinor.toString() }),
      updated_at: new Date(),
    })
    .where('company_id', '=', companyId)
    .where('id', '=', agentId)
    .returningAll()
    .executeTakeFirst();
  return row && toAgent(row);
}

export async function insertOutlet(
  db: DbOrTrx,
  companyId: string,
  outlet: Omit<VendingOutlet, 'status'>,
): Promise<VendingOutlet | undefined> {
  const row = await db
    .insertInto('prepayment.vending_outlet')
    .values({
      company_id: companyId,
      id: outlet.id,
      agent_id: outlet.agentId,
      code: outlet.code,
      name: outlet.name,
      address: outlet.address,
    })
    .onConflict((conflict) => conflict.columns(['company_id', 'agent_id', 'code']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toOutlet(row);
}

export async function selectOutlets(
  db: DbOrTrx,
  companyId: string,
  agentId: string,
): Promise<VendingOutlet[]> {
  const rows = await db
    .selectFrom('prepayment.vending_outlet')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('agent_id', '=', agentId)
    .orderBy('code')
    .execute();
  return rows.map(toOutlet);
}

/** Makes a login sell for an agent, or moves it to another agent or outlet. */
export async function upsertCashier(
  db: DbOrTrx,
  companyId: string,
  cashier: VendingCashier,
): Promise<VendingCashier> {
  const row = await db
    .insertInto('prepayment.vending_cashier')
    .values({
      company_id: companyId,
      actor_kind: cashier.actorKind,
      actor_id: cashier.actorId,
      agent_id: cashier.agentId,
      outlet_id: cashier.outletId,
      active: cashier.active,
    })
    .onConflict((conflict) =>
      conflict.columns(['company_id', 'actor_kind', 'actor_id']).doUpdateSet({
        agent_id: cashier.agentId,
        outlet_id: cashier.outletId,
        active: cashier.active,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCashier(row);
}

export async function selectCashier(
  db: DbOrTrx,
  companyId: string,
  actor: { kind: string; id: string },
): Promise<VendingCashier | undefined> {
  if (actor.kind !== 'user' && actor.kind !== 'api-key') return undefined;
  const row = await db
    .selectFrom('prepayment.vending_cashier')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('actor_kind', '=', actor.kind)
    .where('actor_id', '=', actor.id)
    .executeTakeFirst();
  return row && toCashier(row);
}

/** Returns the cashier assignment of each of the actors that has one, keyed by `kind:id`. */
export async function selectCashiersOfActors(
  db: DbOrTrx,
  companyId: string,
  actors: readonly { kind: string; id: string }[],
): Promise<Map<string, VendingCashier>> {
  const sellers = actors.filter((actor) => actor.kind === 'user' || actor.kind === 'api-key');
  if (sellers.length === 0) return new Map();
  const rows = await sql<Selectable<VendingCashierTable>>`
    select c.* from prepayment.vending_cashier c
      join unnest(${sellers.map((actor) => actor.kind)}::text[],
                  ${sellers.map((actor) => actor.id)}::text[]) as a(kind, id)
        on c.actor_kind = a.kind and c.actor_id = a.id
     where c.company_id = ${companyId}
  `.execute(db);
  return new Map(rows.rows.map((row) => [`${row.actor_kind}:${row.actor_id}`, toCashier(row)]));
}

export async function selectCashiers(
  db: DbOrTrx,
  companyId: string,
  agentId: string,
): Promise<VendingCashier[]> {
  const rows = await db
    .selectFrom('prepayment.vending_cashier')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('agent_id', '=', agentId)
    .orderBy('actor_kind')
    .orderBy('actor_id')
    .execute();
  return rows.map(toCashier);
}

export async function selectCommissionRules(
  db: DbOrTrx,
  companyId: string,
  agentId: string,
): Promise<CommissionRule[]> {
  const rows = await db
    .selectFrom('prepayment.agent_commission_rule')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('agent_id', '=', agentId)
    .where('retired_at', 'is', null)
    .orderBy('channel')
    .execute();
  return rows.map(toCommissionRule);
}

/** Retires the agent's current commission rules and stores `rules` in their place. */
export async function replaceCommissionRules(
  db: DbOrTrx,
  companyId: string,
  agentId: string,
  rules: readonly CommissionRule[],
  at: Date,
): Promise<void> {
  await db
    .updateTable('prepayment.agent_commission_rule')
    .set({ retired_at: at })
    .where('company_id', '=', companyId)
    .where('agent_id', '=', agentId)
    .where('retired_at', 'is', null)
    .execute();
  if (rules.length === 0) return;
  await db
    .insertInto('prepayment.agent_commission_rule')
    .values(
      rules.map((rule) => ({
        company_id: companyId,
        id: rule.id,
        agent_id: agentId,
        channel: rule.channel,
        method: rule.method,
        percent: rule.percent,
        amount_minor: rule.amountMinor?.toString() ?? null,
      })),
    )
    .execute();
}

export type FloatEntryToWrite = {
  id: string;
  agentId: string;
  kind: AgentFloatEntryKind;
  amountMinor: bigint;
  vendId: string | null;
  reference: string | null;
  note: string | null;
  accountingDate: string;
  actor: { kind: string; id: string };
};

/**
 * Adds an entry to an agent's float and moves its balance by the entry's amount, returning the balance
 * after it. The caller holds the agent's row lock (selectAgent with `lock`), so entries of one agent are
 * written one at a time and each balance_after follows the one before.
 */
export async function addFloatEntry(
  db: DbOrTrx,
  companyId: string,
  entry: FloatEntryToWrite,
): Promise<bigint> {
  const agent = await db
    .updateTable('prepayment.vending_agent')
    .set((eb) => ({
      float_balance_minor: eb('float_balance_minor', '+', entry.amountMinor.toString()),
      updated_at: new Date(),
    }))
    .where('company_id', '=', companyId)
    .where('id', '=', entry.agentId)
    .returning('float_balance_minor')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('prepayment.agent_float_entry')
    .values({
      company_id: companyId,
      id: entry.id,
      agent_id: entry.agentId,
      kind: entry.kind,
      amount_minor: entry.amountMinor.toString(),
      balance_after_minor: agent.float_balance_minor,
      vend_id: entry.vendId,
      reference: entry.reference,
      note: entry.note,
      accounting_date: entry.accountingDate,
      actor_kind: entry.actor.kind,
      actor_id: entry.actor.id,
    })
    .execute();
  return BigInt(agent.float_balance_minor);
}

/**
 * Returns the inserts of float entries, with the balance after each that the caller computed, and the
 * update of each agent's balance to the balance after its last entry. They run in one statement with the
 * rest of a sale's writes (see runWrites). The caller holds the agents' row locks (lockAgents) and computed the
 * balances from the locked rows, so they follow on from the balance stored.
 */
export function floatEntryWrites(
  companyId: string,
  entries: readonly (FloatEntryToWrite & { balanceAfterMinor: bigint })[],
): RawBuilder<unknown>[] {
  if (entries.length === 0) return [];
  const finalBalances = new Map(entries.map((entry) => [entry.agentId, entry.balanceAfterMinor]));
  return [
    sql`
      update prepayment.vending_agent a
         set float_balance_minor = b.balance, updated_at = now()
        from unnest(${[...finalBalances.keys()]}::uuid[],
                    ${[...finalBalances.values()].map(String)}::bigint[]) as b(id, balance)
       where a.company_id = ${companyId} and a.id = b.id
    `,
    insertStatement(
      'prepayment.agent_float_entry',
      {
        company_id: 'uuid',
        id: 'uuid',
        agent_id: 'uuid',
        kind: 'text',
        amount_minor: 'bigint',
        balance_after_minor: 'bigint',
        vend_id: 'uuid',
        reference: 'text',
        note: 'text',
        accounting_date: 'date',
        actor_kind: 'text',
        actor_id: 'text',
      },
      entries.map((entry) => ({
        company_id: companyId,
        id: entry.id,
        agent_id: entry.agentId,
        kind: entry.kind,
        amount_minor: entry.amountMinor,
        balance_after_minor: entry.balanceAfterMinor,
        vend_id: entry.vendId,
        reference: entry.reference,
        note: entry.note,
        accounting_date: entry.accountingDate,
        actor_kind: entry.actor.kind,
        actor_id: entry.actor.id,
      })),
    ),
  ];
}

export type StoredFloatEntry = FloatEntryToWrite & { balanceAfterMinor: bigint; createdAt: Date };

export async function selectDepositByReference(
  db: DbOrTrx,
  companyId: string,
  agentId: string,
  reference: string,
): Promise<StoredFloatEntry | undefined> {
  const row = await db
    .selectFrom('prepayment.agent_float_entry')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('agent_id', '=', agentId)
    .where('kind', '=', 'deposit')
    .where('reference', '=', reference)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      agentId: row.agent_id,
      kind: row.kind,
      amountMinor: BigInt(row.amount_minor),
      vendId: row.vend_id,
      reference: row.reference,
      note: row.note,
      accountingDate: row.accounting_date,
      actor: { kind: row.actor_kind, id: row.actor_id },
      balanceAfterMinor: BigInt(row.balance_after_minor),
      createdAt: row.created_at,
    }
  );
}
