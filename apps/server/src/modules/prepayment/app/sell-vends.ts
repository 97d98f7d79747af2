import type { TokenIssuer } from '@open-cis/sts';
import type { Temporal } from 'temporal-polyfill';
import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { auditWrite, createdFields, type AuditEntry } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext, Trx } from '../../../platform/context/request-context.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { newId } from '../../../platform/ids/new-id.js';
import { findConstraintViolation } from '../../../platform/db/constraint-violation.js';
import { runWrites } from '../../../platform/db/run-writes.js';
import { eventWrite, type DomainEvent } from '../../../platform/outbox/enqueue-events.js';
import { postingWrites, type PostingDraft } from '../../ledger/index.js';
import { buildVendPosting } from '../domain/build-vend-posting.js';
import { addVendToMonthToDate, type MonthToDate } from '../domain/month-to-date.js';
import type { PrepaidMeter } from '../domain/prepaid-meter.js';
import type { VendResult } from '../domain/vend.js';
import type { CommissionRule, VendingAgent, VendingCashier } from '../domain/vending-agent.js';
import {
  installPendingKey,
  lockPrepaidMeters,
  selectHighestTid,
  soldMeterWrites,
  type LockedPrepaidMeter,
} from '../db/prepaid-meter-queries.js';
import {
  selectEarlierVendIds,
  selectVend,
  toStoredVendFromNew,
  vendKeyConstraints,
  vendWrites,
  type EarlierVendMatch,
  type NewVend,
} from '../db/vend-store.js';
import { floatEntryWrites, lockAgents, type FloatEntryToWrite } from '../db/vending-agent-queries.js';
import { loadSellingLogins, prepareAgentSale, type AgentSale } from './agent-float.js';
import { loadVendCustomers, type VendCustomer } from './load-vend-customers.js';
import { prepaidMeterNotFound } from './get-prepaid-meter.js';
import { issueVendTokens } from './issue-vend-tokens.js';
import { loadVendSettings, type VendSetting } from './load-vend-setting.js';
import { priceVend } from './price-vend.js';
import { settleRecoveredDebt } from './settle-recovered-debt.js';
import { parseVendRequest, replayVend, type VendToCreate, type VendUnitsRequest } from './vend-request.js';

/** A vend sold or replayed, with the account number and customer name that its receipt shows. */
export type SoldVend = VendResult & { customer: VendCustomer };

/** One purchase of a batch, with the context of the request that made it. */
export type VendItem = { context: RequestContext; request: VendUnitsRequest };

/**
 * The outcome of a purchase of a batch: sold (new or replayed), failed with the error to return, or
 * deferred. A purchase is deferred when an earlier purchase of the batch uses the same meter, account,
 * key or reference, and it is then sold in a later batch, after that one has committed.
 */
export type VendOutcome =
  { kind: 'sold'; result: SoldVend } | { kind: 'failed'; error: unknown } | { kind: 'deferred' };

/** Thrown when a vend's key or reference turned out to be taken, so that the transaction rolls back. */
export class VendTakenError extends Error {
  constructor(references: readonly string[]) {
    super(`Vend references ${references.join(', ')} were taken by a concurrent request.`);
    this.name = 'VendTakenError';
  }
}

/** The customer of a replayed outcome until nameCustomers fills it in. */
const unnamed: VendCustomer = { accountNumber: '', customerName: '' };

/** A purchase on its way through the batch, with what each step found for it. */
type Sale = {
  index: number;
  item: VendItem;
  vend: VendToCreate;
  meter?: LockedPrepaidMeter;
  setting?: VendSetting;
};

/** The rows a sold purchase adds to the transaction's writes. */
type SaleRows = {
  vend: NewVend;
  pan: string;
  meter: PrepaidMeter;
  lastTid: number;
  keyChanged: boolean;
  /** The meter's figures for the vend's month, this vend included. */
  monthToDate: MonthToDate;
  /** The context of the request that asked for the vend, for its audit row. */
  madeBy: RequestContext;
  floatEntries: (FloatEntryToWrite & { balanceAfterMinor: bigint })[];
};

/**
 * Sells a batch of purchases of one company in one transaction, with one statement per kind of fact for
 * the whole batch, where selling each alone costs some twenty statements.
 *
 * Each purchase is priced, checked and issued as vendUnits would on its own: the meter's row lock, the
 * month-to-date figures, the debt and the agent's float. Purchases for different meters and accounts do
 * not affect each other's prices, and those of one agent draw on its float in batch order. A purchase
 * rejected for a reason of its own (no float left, an unknown meter, a reused key) fails alone, and the
 * others are sold. Any other error, including a key or reference taken by a concurrent request
 * (VendTakenError), rolls back the whole batch and is thrown, so the caller can sell the purchases one at
 * a time instead.
 *
 * Returns an outcome for each item, in order.
 */
export async function sellVends(
  db: Db,
  issuer: TokenIssuer | undefined,
  items: readonly VendItem[],
  at: Temporal.Instant,
): Promise<VendOutcome[]> {
  const outcomes: (VendOutcome | undefined)[] = items.map(() => undefined);
  if (items.length === 0) return [];
  const context = items[0]!.context;
  if (items.some((item) => item.context.companyId !== context.companyId)) {
    throw new Error('A batch of vends must belong to one company.');
  }

  const logins = await loadSellingLogins(
    db,
    items.map((item) => item.context),
  );
  const sales: Sale[] = [];
  for (const [index, item] of items.entries()) {
    try {
      assertPermission(item.context, 'vending:write');
      const cashier = logins[index];
      if (cashier instanceof AppError) throw cashier;
      sales.push({ index, item, vend: parseVendRequest(item.context, item.request, cashier) });
    } catch (error) {
      outcomes[index] = { kind: 'failed', error };
    }
  }

  await db.transaction().execute(async (trx) => {
    const fresh = await settleRepeats(trx, context, sales, outcomes);
    const metered = await lockMeters(trx, context, fresh, outcomes);
    const priced = await loadSettings(trx, context, metered, at, outcomes);
    const sold = await issueSales(trx, context, issuer, priced, at, outcomes);
    await writeSales(trx, context, sold);
    await nameCustomers(trx, context, outcomes);
  });
  return outcomes.map((outcome) => outcome ?? { kind: 'failed', error: new Error('A vend had no outcome.') });
}

/**
 * Replays the earlier vend for each purchase made before (a retry with the same key or reference), and
 * defers a purchase whose key or reference an earlier one of the batch uses. Returns the others.
 */
async function settleRepeats(
  trx: Trx,
  context: RequestContext,
  sales: readonly Sale[],
  outcomes: (VendOutcome | undefined)[],
): Promise<Sale[]> {
  const keysInBatch = new Set<string>();
  const unique: Sale[] = [];
  for (const sale of sales) {
    const { vend } = sale;
    const agent = vend.cashier?.agentId ?? '';
    const keys = [`reference:${agent}:${vend.channel}:${vend.transactionReference}`];
    if (vend.idempotencyKey !== null) keys.push(`key:${agent}:${vend.idempotencyKey}`);
    if (keys.some((key) => keysInBatch.has(key))) outcomes[sale.index] = { kind: 'deferred' };
    else {
      keys.forEach((key) => keysInBatch.add(key));
      unique.push(sale);
    }
  }

  const matches: EarlierVendMatch[] = unique.map(({ vend }) => ({
    idempotencyKey: vend.idempotencyKey,
    channel: vend.channel,
    transactionReference: vend.transactionReference,
    agentId: vend.cashier?.agentId ?? null,
  }));
  const earlierIds = await selectEarlierVendIds(trx, context.companyId, matches);
  const fresh: Sale[] = [];
  for (const [position, sale] of unique.entries()) {
    const earlierId = earlierIds[position];
    if (earlierId === undefined) {
      fresh.push(sale);
      continue;
    }
    const earlier = await selectVend(trx, context.companyId, { id: earlierId });
    try {
      outcomes[sale.index] = {
        kind: 'sold',
        result: { ...replayVend(earlier!, sale.vend), customer: unnamed },
      };
    } catch (error) {
      outcomes[sale.index] = { kind: 'failed', error };
    }
  }
  return fresh;
}

/** Fills in the customer of each replayed outcome, with one statement for all of them. */
async function nameCustomers(
  trx: Trx,
  context: RequestContext,
  outcomes: readonly (VendOutcome | undefined)[],
): Promise<void> {
  const sold = outcomes.flatMap((outcome) =>
    outcome?.kind === 'sold' && outcome.result.customer === unnamed ? [outcome.result] : [],
  );
  if (sold.length === 0) return;
  const customers = await loadVendCustomers(
    trx,
    context,
    sold.map((result) => result.vend.accountId),
  );
  for (const result of sold) {
    const customer = customers.get(result.vend.accountId);
    if (customer === undefined) throw new Error(`Account ${result.vend.accountId} of a vend is missing.`);
    result.customer = customer;
  }
}

/**
 * Locks the meters of the purchases, in meter id order. A purchase for an unknown meter fails, and one for
 * a meter that an earlier purchase of the batch uses is deferred.
 */
async function lockMeters(
  trx: Trx,
  context: RequestContext,
  sales: readonly Sale[],
  outcomes: (VendOutcome | undefined)[],
): Promise<Sale[]> {
  const meters = await lockPrepaidMeters(
    trx,
    context.companyId,
    sales.map((sale) => sale.vend.meter),
  );
  const byId = new Map(meters.map((meter) => [meter.meterId, meter]));
  const byPan = new Map(meters.map((meter) => [meter.pan, meter]));
  const used = new Set<string>();
  const metered: Sale[] = [];
  for (const sale of sales) {
    const match = sale.vend.meter;
    const meter = 'meterId' in match ? byId.get(match.meterId.toLowerCase()) : byPan.get(match.pan);
    if (meter === undefined) outcomes[sale.index] = { kind: 'failed', error: prepaidMeterNotFound(match) };
    else if (used.has(meter.meterId)) outcomes[sale.index] = { kind: 'deferred' };
    else {
      used.add(meter.meterId);
      metered.push({ ...sale, meter });
    }
  }
  return metered;
}

/**
 * Loads each purchase's setting (see loadVendSettings), locking the accounts. A purchase that cannot be
 * made fails, and one for an account that an earlier purchase of the batch uses is deferred, because the
 * earlier one may recover part of the account's debt.
 */
async function loadSettings(
  trx: Trx,
  context: RequestContext,
  sales: readonly Sale[],
  at: Temporal.Instant,
  outcomes: (VendOutcome | undefined)[],
): Promise<Sale[]> {
  const settings = await loadVendSettings(
    trx,
    context,
    sales.map((sale) => sale.meter!),
    at,
    { lockAccount: true },
  );
  const accounts = new Set<string>();
  const priced: Sale[] = [];
  for (const sale of sales) {
    const setting = settings.get(sale.meter!.meterId)!;
    if (setting instanceof AppError) outcomes[sale.index] = { kind: 'failed', error: setting };
    else if (accounts.has(setting.agreement.accountId)) outcomes[sale.index] = { kind: 'deferred' };
    else {
      accounts.add(setting.agreement.accountId);
      priced.push({ ...sale, setting });
    }
  }
  return priced;
}

/**
 * Prices each purchase, checks its agent's float, issues its tokens and builds its rows. The agents are
 * locked in id order, and each sale's draw on its agent's float is taken off the float before the agent's
 * next sale is checked. A purchase that its price, float or tokens reject fails alone.
 */
async function issueSales(
  trx: Trx,
  context: RequestContext,
  issuer: TokenIssuer | undefined,
  sales: readonly Sale[],
  at: Temporal.Instant,
  outcomes: (VendOutcome | undefined)[],
): Promise<SaleRows[]> {
  const agentIds = [...new Set(sales.flatMap((sale) => sale.vend.cashier?.agentId ?? []))].sort();
  const locked = await lockAgents(trx, context.companyId, agentIds);
  const agents = new Map([...locked].map(([id, { agent }]) => [id, agent]));
  const commissionRules = new Map([...locked].map(([id, { commissionRules: rules }]) => [id, rules]));

  const sold: SaleRows[] = [];
  for (const sale of sales) {
    try {
      const rows = await issueSale(trx, context, issuer, sale, at, agents, commissionRules);
      sold.push(rows);
      outcomes[sale.index] = {
        kind: 'sold',
        result: {
          vend: toStoredVendFromNew(rows.vend, rows.pan),
          replayed: false,
          customer: sale.setting!.customer,
        },
      };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes[sale.index] = { kind: 'failed', error };
    }
  }
  return sold;
}

async function issueSale(
  trx: Trx,
  context: RequestContext,
  issuer: TokenIssuer | undefined,
  sale: Sale,
  at: Temporal.Instant,
  agents: Map<string, VendingAgent>,
  commissionRules: Map<string, readonly CommissionRule[]>,
): Promise<SaleRows> {
  const { vend: request, item } = sale;
  const meter = sale.meter!;
  const setting = sale.setting!;
  const quote = priceVend(setting, request, request.channel, at);
  const agentSale = sellingAgent(request.cashier, agents, commissionRules, {
    tenderedMinor: quote.tenderedMinor,
    currency: setting.company.currency,
    channel: request.channel,
    rounding: setting.company.roundingMode,
  });

  const rollover = meter.pendingKey !== null && meter.pendingKey.baseDate !== meter.key.baseDate;
  const lastTidUnderPendingBaseDate = rollover
    ? await selectHighestTid(trx, context.companyId, meter.meterId, meter.pendingKey!.baseDate)
    : null;
  const { tokens, lastTid, keyChanged } = await issueVendTokens(issuer, meter, quote, at, {
    lastTidUnderPendingBaseDate,
  });

  const vend: NewVend = {
    id: newId(),
    meterId: meter.meterId,
    accountId: setting.agreement.accountId,
    agreementId: setting.agreement.id,
    tariffVersionId: setting.tariffVersionId,
    channel: request.channel,
    transactionReference: request.transactionReference,
    idempotencyKey: request.idempotencyKey,
    requestHash: request.requestHash,
    agentId: agentSale?.agent.id ?? null,
    outletId: agentSale?.outletId ?? null,
    commissionMinor: agentSale?.commissionMinor ?? 0n,
    actorKind: item.context.actor.kind,
    actorId: item.context.actor.id,
    tenderedMinor: quote.tenderedMinor,
    energyMinor: quote.energyMinor,
    currency: setting.company.currency,
    units: quote.units,
    freeUnits: quote.freeUnits,
    unit: setting.unit,
    vendMonth: quote.vendMonth,
    accountingDate: quote.accountingDate,
    // Milliseconds, as a vend read back from the database gives it, so that a retry returns the same text.
    issuedAt: new Date(at.epochMilliseconds).toISOString(),
    lines: quote.lines,
    tokens,
    replacedKey: keyChanged ? { key: meter.key, lastTid: meter.lastTid } : null,
  };
  const floatEntries = agentSale === undefined ? [] : drawOnFloat(item.context, agentSale, vend, agents);
  const ruleCodes = new Map(setting.rules.map((rule) => [rule.id, rule.code]));
  const stored = meter.storedMonthToDate;
  // The figures of a later month stay when a server whose clock is behind sells in the month before.
  const monthToDate =
    stored !== null && stored.vendMonth > vend.vendMonth
      ? stored
      : addVendToMonthToDate(setting.monthToDate, vend, ruleCodes);
  return {
    vend,
    pan: meter.pan,
    meter,
    lastTid,
    keyChanged,
    monthToDate,
    madeBy: item.context,
    floatEntries,
  };
}

/** Returns the agent's part in the sale (see prepareAgentSale), or undefined for the utility's own sale. */
function sellingAgent(
  cashier: VendingCashier | undefined,
  agents: Map<string, VendingAgent>,
  commissionRules: Map<string, readonly CommissionRule[]>,
  sale: Parameters<typeof prepareAgentSale>[3],
): AgentSale | undefined {
  if (cashier === undefined) return undefined;
  const agent = agents.get(cashier.agentId);
  if (agent === undefined) throw new Error(`Vending agent ${cashier.agentId} of a cashier is missing.`);
  return prepareAgentSale(agent, commissionRules.get(agent.id) ?? [], cashier, sale);
}

/**
 * Builds the float entries of an agent's sale: the amount tendered off the float, then the commission
 * back. Moves the agent's balance in `agents`, so the agent's next sale in the batch is checked against what is left.
 */
function drawOnFloat(
  context: RequestContext,
  sale: AgentSale,
  vend: NewVend,
  agents: Map<string, VendingAgent>,
): (FloatEntryToWrite & { balanceAfterMinor: bigint })[] {
  let balance = agents.get(sale.agent.id)!.floatBalanceMinor;
  const entry = {
    agentId: sale.agent.id,
    vendId: vend.id,
    reference: null,
    note: null,
    accountingDate: vend.accountingDate,
    actor: context.actor,
  };
  balance -= vend.tenderedMinor;
  const entries: (FloatEntryToWrite & { balanceAfterMinor: bigint })[] = [
    {
      ...entry,
      id: newId(),
      kind: 'vend',
      amountMinor: -vend.tenderedMinor,
      balanceAfterMinor: balance,
    },
  ];
  if (sale.commissionMinor > 0n) {
    balance += sale.commissionMinor;
    entries.push({
      ...entry,
      id: newId(),
      kind: 'commission',
      amountMinor: sale.commissionMinor,
      balanceAfterMinor: balance,
    });
  }
  agents.set(sale.agent.id, { ...agents.get(sale.agent.id)!, floatBalanceMinor: balance });
  return entries;
}

/**
 * Writes the sold purchases in one statement: vends with their lines and tokens, the meters' last TIDs and
 * month-to-date figures, float entries, ledger postings, audit rows and `prepaid-vend.issued` events. Then
 * it installs the new key of a meter whose vend carried a key change, since that names the vend, and
 * allocates the debt the vends recovered to their accounts' open items. Throws VendTakenError when a
 * concurrent request took one of the keys or references meanwhile.
 */
async function writeSales(trx: Trx, context: RequestContext, sold: readonly SaleRows[]): Promise<void> {
  if (sold.length === 0) return;
  const vends = sold.map((sale) => sale.vend);
  const records = sold.map(describeSale);
  const meters = sold.map((sale) => ({
    meterId: sale.meter.meterId,
    lastTid: sale.lastTid,
    monthToDate: sale.monthToDate,
  }));
  try {
    await runWrites(trx, [
      ...vendWrites(context.companyId, vends),
      ...soldMeterWrites(context.companyId, meters),
      ...floatEntryWrites(
        context.companyId,
        sold.flatMap((sale) => sale.floatEntries),
      ),
      ...postingWrites(context, sold.map(toPosting)),
      ...auditWrite(
        context,
        records.map((record) => record.audit),
      ),
      ...eventWrite(
        context,
        records.map((record) => record.event),
      ),
    ]);
  } catch (error) {
    const violation = findConstraintViolation(error);
    if (violation?.sqlState === '23505' && vendKeyConstraints.has(violation.constraint)) {
      throw new VendTakenError(vends.map((vend) => vend.transactionReference));
    }
    throw error;
  }
  for (const sale of sold) {
    if (sale.keyChanged)
      await installPendingKey(trx, context.companyId, sale.meter, sale.vend.id, sale.lastTid);
  }
  await settleRecoveredDebt(trx, context, sold);
}

function toPosting({ vend, pan, meter }: SaleRows): PostingDraft {
  return buildVendPosting({
    postingId: newId(),
    vendId: vend.id,
    accountId: vend.accountId,
    accountingDate: vend.accountingDate,
    currency: vend.currency,
    service: meter.service,
    tenderedMinor: vend.tenderedMinor,
    lines: vend.lines,
    description: `Prepaid vend ${vend.transactionReference} for meter ${pan}`,
  });
}

/** Builds the audit row and the event of a sold purchase. The event leaves the token digits out. */
function describeSale(sale: SaleRows): { audit: AuditEntry; event: DomainEvent } {
  const { vend, pan, keyChanged } = sale;
  const summary = {
    meter_id: vend.meterId,
    pan,
    account_id: vend.accountId,
    channel: vend.channel,
    transaction_reference: vend.transactionReference,
    tendered_minor: vend.tenderedMinor.toString(),
    agent_id: vend.agentId,
    outlet_id: vend.outletId,
    commission_minor: vend.commissionMinor.toString(),
    energy_minor: vend.energyMinor.toString(),
    currency: vend.currency,
    service: sale.meter.service,
    units: vend.units,
    free_units: vend.freeUnits,
    unit: vend.unit,
    tids: vend.tokens.flatMap((token) => (token.tid === null ? [] : [token.tid])),
    key_change: keyChanged,
  };
  return {
    audit: {
      entityType: 'prepaid-vend',
      entityId: vend.id,
      action: 'create',
      changes: createdFields({ ...summary, status: 'issued' }),
      madeBy: sale.madeBy,
    },
    event: {
      aggregateType: 'prepaid-vend',
      aggregateId: vend.id,
      eventType: 'prepaid-vend.issued',
      payload: { vendId: vend.id, ...summary },
    },
  };
}
