import type { TokenIssuer } from '@open-cis/sts';
import type { Temporal } from 'temporal-polyfill';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { RequestContext, Trx } from '../../../platform/context/request-context.js';
import { newId } from '../../../platform/ids/new-id.js';
import { enqueueEvents } from '../../../platform/outbox/enqueue-events.js';
import { writePostings } from '../../ledger/index.js';
import { buildVendPosting } from '../domain/build-vend-posting.js';
import { insertVendOnce, toStoredVendFromNew, type NewVend, type StoredVend } from '../db/vend-store.js';
import { installPendingKey, selectHighestTid, updateLastTid } from '../db/prepaid-meter-queries.js';
import type { VendingCashier } from '../domain/vending-agent.js';
import { postAgentSale, reserveAgentSale } from './agent-float.js';
import { getPrepaidMeter } from './get-prepaid-meter.js';
import { issueVendTokens } from './issue-vend-tokens.js';
import { loadVendSetting } from './load-vend-setting.js';
import { priceVend, type VendRequest } from './price-vend.js';

/** A vend request after parsing: its channel, reference and hash are settled. */
export type VendToCreate = VendRequest & {
  /** The agent login that sells, whose agent's float the vend draws on; undefined for the utility's own. */
  cashier: VendingCashier | undefined;
  channel: string;
  idempotencyKey: string | null;
  transactionReference: string;
  requestHash: string;
};

/** Thrown when the vend's key or reference turned out to be taken, so that the transaction rolls back. */
export class VendTakenError extends Error {
  constructor(reference: string) {
    super(`Vend reference ${reference} was taken by a concurrent request.`);
    this.name = 'VendTakenError';
  }
}

/**
 * Creates a vend in the caller's transaction. It locks the meter's row first, so vends for one meter run
 * one at a time: each quotes on the month-to-date figures of the ones before and takes the next TID. A
 * vend sold by an agent's login then locks the agent and checks its float (see reserveAgentSale).
 * Then it issues the tokens, stores the meter's last TID, the vend, its receipt lines and tokens, posts
 * to the ledger and records audit and an event. If anything fails, the transaction rolls back whole: no
 * token is stored or returned, and the ledger is untouched.
 */
export async function createVend(
  trx: Trx,
  context: RequestContext,
  issuer: TokenIssuer | undefined,
  request: VendToCreate,
  at: Temporal.Instant,
): Promise<StoredVend> {
  const { companyId } = context;
  const meter = await getPrepaidMeter(trx, context, request.meter, { lock: true });
  const setting = await loadVendSetting(trx, context, meter, at, { lockAccount: true });
  const quote = priceVend(setting, request, request.channel, at);
  const agentSale =
    request.cashier === undefined
      ? undefined
      : await reserveAgentSale(trx, context, request.cashier, {
          tenderedMinor: quote.tenderedMinor,
          currency: setting.company.currency,
          channel: request.channel,
          rounding: setting.company.roundingMode,
        });

  const rollover = meter.pendingKey !== null && meter.pendingKey.baseDate !== meter.key.baseDate;
  const lastTidUnderPendingBaseDate = rollover
    ? await selectHighestTid(trx, companyId, meter.meterId, meter.pendingKey!.baseDate)
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
    actorKind: context.actor.kind,
    actorId: context.actor.id,
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
  if (!(await insertVendOnce(trx, companyId, vend))) throw new VendTakenError(request.transactionReference);
  // The meter row is written after the vend, because the key change names the vend that carried it.
  if (keyChanged) await installPendingKey(trx, companyId, meter, vend.id, lastTid);
  else await updateLastTid(trx, companyId, meter.meterId, lastTid);
  if (agentSale !== undefined) await postAgentSale(trx, context, agentSale, vend);

  await writePostings(trx, context, [
    buildVendPosting({
      postingId: newId(),
      vendId: vend.id,
      accountId: vend.accountId,
      accountingDate: vend.accountingDate,
      currency: vend.currency,
      tenderedMinor: vend.tenderedMinor,
      lines: vend.lines,
      description: `Prepaid vend ${vend.transactionReference} for meter ${meter.pan}`,
    }),
  ]);
  await recordVendCreated(trx, context, vend, meter.pan, keyChanged);

  return toStoredVendFromNew(vend, meter.pan);
}

async function recordVendCreated(
  trx: Trx,
  context: RequestContext,
  vend: NewVend,
  pan: string,
  keyChanged: boolean,
): Promise<void> {
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
    units: vend.units,
    free_units: vend.freeUnits,
    tids: vend.tokens.flatMap((token) => (token.tid === null ? [] : [token.tid])),
    key_change: keyChanged,
  };
  await recordAudit(trx, context, [
    {
      entityType: 'prepaid-vend',
      entityId: vend.id,
      action: 'create',
      changes: createdFields({ ...summary, status: 'issued' }),
    },
  ]);
  // The event leaves the token digits out: webhook receivers get the purchase, not the credit itself.
  await enqueueEvents(trx, context, [
    {
      aggregateType: 'prepaid-vend',
      aggregateId: vend.id,
      eventType: 'prepaid-vend.issued',
      payload: { vendId: vend.id, ...summary },
    },
  ]);
}
