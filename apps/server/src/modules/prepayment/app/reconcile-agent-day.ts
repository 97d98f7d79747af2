import { sql } from 'kysely';
import { assertPermission } from '../../../platform/auth/assert-permission.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { reconciliationQuery } from '../domain/vending-agent-schemas.js';
import { assertSellsForAgentOrStaff, requireAgent } from './manage-vending-agents.js';

/** The sales of one login (at one outlet) on the day. */
export type CashierDay = {
  actorKind: string;
  actorId: string;
  outletId: string | null;
  /** Vends of the day that stand, with what they took and earned. */
  vendCount: number;
  tenderedMinor: bigint;
  commissionMinor: bigint;
  /** Vends of the day reversed since, which neither take float nor earn commission. */
  reversedCount: number;
  reversedMinor: bigint;
};

/** An agent's day: its float from opening to closing balance, and its sales by login and outlet. */
export type AgentReconciliation = {
  agentId: string;
  agentCode: string;
  date: string;
  currency: string;
  openingFloatMinor: bigint;
  depositsMinor: bigint;
  /** The amounts tendered of the day's vends, taken off the float (a positive amount). */
  vendsMinor: bigint;
  commissionMinor: bigint;
  /** Amounts given back for reversed vends, less their commission taken back. */
  reversalsMinor: bigint;
  adjustmentsMinor: bigint;
  closingFloatMinor: bigint;
  cashiers: CashierDay[];
};

/**
 * Reconciles an agent's accounting day (company-local date). The float part sums the float entries dated
 * that day, so opening + deposits − vends + commission + reversals + adjustments = closing exactly. The
 * sales part groups the vends dated that day by the login and outlet that sold them. A vend reversed on a
 * later day counts as reversed here, and its float comes back on the day of the reversal.
 */
export async function reconcileAgentDay(
  db: DbOrTrx,
  context: RequestContext,
  agentId: string,
  input: { date?: string | undefined },
): Promise<AgentReconciliation> {
  assertPermission(context, 'vending:read');
  const { date } = parseInput(reconciliationQuery, input, 'PREPAYMENT.INVALID_RECONCILIATION_QUERY');
  const agent = await requireAgent(db, context, agentId);
  await assertSellsForAgentOrStaff(db, context, agentId);
  const { companyId } = context;

  const float = await db
    .selectFrom('prepayment.agent_float_entry')
    .select([
      sql<string>`coalesce(sum(amount_minor) filter (where accounting_date < ${date}::date), 0)`.as(
        'opening',
      ),
      sql<string>`coalesce(sum(amount_minor) filter (where accounting_date = ${date}::date and kind = 'deposit'), 0)`.as(
        'deposits',
      ),
      sql<string>`coalesce(sum(amount_minor) filter (where accounting_date = ${date}::date and kind = 'vend'), 0)`.as(
        'vends',
      ),
      sql<string>`coalesce(sum(amount_minor) filter (where accounting_date = ${date}::date and kind = 'commission'), 0)`.as(
        'commission',
      ),
      sql<string>`coalesce(sum(amount_minor) filter (where accounting_date = ${date}::date
        and kind in ('vend-reversal', 'commission-reversal')), 0)`.as('reversals'),
      sql<string>`coalesce(sum(amount_minor) filter (where accounting_date = ${date}::date and kind = 'adjustment'), 0)`.as(
        'adjustments',
      ),
    ])
    .where('company_id', '=', companyId)
    .where('agent_id', '=', agentId)
    .where('accounting_date', '<=', date)
    .executeTakeFirstOrThrow();

  const sales = await db
    .selectFrom('prepayment.vend')
    .select([
      'actor_kind',
      'actor_id',
      'outlet_id',
      sql<string>`count(*) filter (where status <> 'reversed')`.as('vend_count'),
      sql<string>`coalesce(sum(tendered_minor) filter (where status <> 'reversed'), 0)`.as('tendered'),
      sql<string>`coalesce(sum(commission_minor) filter (where status <> 'reversed'), 0)`.as('commission'),
      sql<string>`count(*) filter (where status = 'reversed')`.as('reversed_count'),
      sql<string>`coalesce(sum(tendered_minor) filter (where status = 'reversed'), 0)`.as('reversed'),
    ])
    .where('company_id', '=', companyId)
    .where('agent_id', '=', agentId)
    .where('accounting_date', '=', date)
    .groupBy(['actor_kind', 'actor_id', 'outlet_id'])
    .orderBy('outlet_id')
    .orderBy('actor_kind')
    .orderBy('actor_id')
    .execute();

  const opening = BigInt(float.opening);
  const deposits = BigInt(float.deposits);
  const vends = BigInt(float.vends);
  const commission = BigInt(float.commission);
  const reversals = BigInt(float.reversals);
  const adjustments = BigInt(float.adjustments);
  return {
    agentId,
    agentCode: agent.code,
    date,
    currency: agent.currency,
    openingFloatMinor: opening,
    depositsMinor: deposits,
    vendsMinor: -vends,
    commissionMinor: commission,
    reversalsMinor: reversals,
    adjustmentsMinor: adjustments,
    closingFloatMinor: opening + deposits + vends + commission + reversals + adjustments,
    cashiers: sales.map((row) => ({
      actorKind: row.actor_kind,
      actorId: row.actor_id,
      outletId: row.outlet_id,
      vendCount: Number(row.vend_count),
      tenderedMinor: BigInt(row.tendered),
      commissionMinor: BigInt(row.commission),
      reversedCount: Number(row.reversed_count),
      reversedMinor: BigInt(row.reversed),
    })),
  };
}
