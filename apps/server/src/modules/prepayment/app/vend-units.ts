import type { TokenIssuer } from '@open-cis/sts';
import { Temporal } from 'temporal-polyfill';
import { assertPermission } from '../../../platform/auth/assert-permission.js';
import type { Db, DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { conflict, invalidInput, type FieldIssue } from '../../../platform/errors/app-error.js';
import { computeVendRequestHash } from '../domain/compute-vend-request-hash.js';
import type { VendResult } from '../domain/vend.js';
import { isValidReference } from '../domain/vend-request-schemas.js';
import type { VendingCashier } from '../domain/vending-agent.js';
import { selectVend, type StoredVend } from '../db/vend-store.js';
import { loadSellingLogin } from './agent-float.js';
import { createVend, VendTakenError, type VendToCreate } from './create-vend.js';
import { resolveChannel, type VendRequest } from './price-vend.js';

export type VendUnitsRequest = VendRequest & {
  idempotencyKey?: string | undefined;
  /** The channel's reference, unique per channel; the Idempotency-Key when absent. */
  transactionReference?: string | undefined;
};

export type VendUnitsOptions = {
  /** Returns the current instant; tests pass a fixed one. Defaults to `Temporal.Now.instant`. */
  now?: () => Temporal.Instant;
};

/**
 * Sells units to a prepaid meter: deductions, units by price block, the tokens, the ledger posting, audit
 * and a `prepaid-vend.issued` event, all in one transaction (see createVend).
 *
 * Idempotent by Idempotency-Key and by (channel, transaction reference): a retry of the same request
 * returns the first vend with the same tokens and `replayed: true`. A key or reference used before with
 * another request is a PREPAYMENT.IDEMPOTENCY_KEY_REUSED conflict.
 */
export async function vendUnits(
  db: Db,
  context: RequestContext,
  issuer: TokenIssuer | undefined,
  request: VendUnitsRequest,
  options: VendUnitsOptions = {},
): Promise<VendResult> {
  assertPermission(context, 'vending:write');
  const cashier = await loadSellingLogin(db, context);
  const vend = parseVendRequest(context, request, cashier);

  const earlier = await findEarlierVend(db, context.companyId, vend);
  if (earlier) return replay(earlier, vend);

  const at = (options.now ?? (() => Temporal.Now.instant()))();
  try {
    const outcome = await db.transaction().execute(async (trx) => {
      // A retry that waited behind the first request's meter lock finds that vend committed by now.
      const retried = await findEarlierVend(trx, context.companyId, vend);
      if (retried) return { kind: 'retried' as const, vend: retried };
      return { kind: 'created' as const, vend: await createVend(trx, context, issuer, vend, at) };
    });
    if (outcome.kind === 'retried') return replay(outcome.vend, vend);
    return { vend: outcome.vend, replayed: false };
  } catch (error) {
    if (!(error instanceof VendTakenError)) throw error;
  }
  // A request with the same key or reference for another meter committed first, so this transaction
  // rolled back and the tokens it issued were never stored or shown.
  const winner = await findEarlierVend(db, context.companyId, vend);
  if (!winner) throw new Error(`Vend ${vend.transactionReference} vanished after a conflict.`);
  return replay(winner, vend);
}

function parseVendRequest(
  context: RequestContext,
  request: VendUnitsRequest,
  cashier: VendingCashier | undefined,
): VendToCreate {
  const issues: FieldIssue[] = [];
  const key = request.idempotencyKey;
  if (key !== undefined && !isValidReference(key)) {
    issues.push({
      path: 'headers.idempotency-key',
      message: `Expected 1 to 255 printable ASCII characters without spaces, got "${key}".`,
    });
  }
  const reference = request.transactionReference ?? key;
  if (reference === undefined) {
    issues.push({
      path: 'transactionReference',
      message:
        'missing, and so is the Idempotency-Key header: send one of them, unique per purchase, and the same on retries',
    });
  }
  if (issues.length > 0 || reference === undefined) {
    const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join(' ');
    throw invalidInput('PREPAYMENT.INVALID_REQUEST', `Invalid vend request: ${summary}`, issues);
  }
  const channel = resolveChannel(context, request.channel, cashier);
  const requestHash = computeVendRequestHash({
    meter:
      'meterId' in request.meter ? `id:${request.meter.meterId.toLowerCase()}` : `pan:${request.meter.pan}`,
    amountMinor: request.amountMinor.toString(),
    currency: request.currency,
    channel,
    transactionReference: reference,
  });
  return {
    ...request,
    cashier,
    idempotencyKey: key ?? null,
    transactionReference: reference,
    channel,
    requestHash,
  };
}

// One query for both keys: a retry may send the same key, the same reference, or both.
async function findEarlierVend(
  db: DbOrTrx,
  companyId: string,
  vend: VendToCreate,
): Promise<StoredVend | undefined> {
  return selectVend(db, companyId, {
    idempotencyKey: vend.idempotencyKey,
    channel: vend.channel,
    transactionReference: vend.transactionReference,
    agentId: vend.cashier?.agentId ?? null,
    either: true,
  });
}

function replay(stored: StoredVend, vend: VendToCreate): VendResult {
  if (stored.requestHash !== vend.requestHash) {
    throw conflict(
      'PREPAYMENT.IDEMPOTENCY_KEY_REUSED',
      `Vend ${stored.id} already used ${stored.idempotencyKey === null ? '' : `Idempotency-Key "${stored.idempotencyKey}" or `}reference "${stored.transactionReference}" of channel ${stored.channel} with a different request; use a new key and reference for a new purchase.`,
    );
  }
  return { vend: stored, replayed: true };
}
