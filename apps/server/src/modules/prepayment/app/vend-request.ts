import type { RequestContext } from '../../../platform/context/request-context.js';
import { conflict, invalidInput, type FieldIssue } from '../../../platform/errors/app-error.js';
import { computeVendRequestHash } from '../domain/compute-vend-request-hash.js';
import type { VendResult } from '../domain/vend.js';
import { isValidReference } from '../domain/vend-request-schemas.js';
import type { VendingCashier } from '../domain/vending-agent.js';
import type { StoredVend } from '../db/vend-store.js';
import { resolveChannel, type VendRequest } from './price-vend.js';

export type VendUnitsRequest = VendRequest & {
  idempotencyKey?: string | undefined;
  /** The channel's reference, unique per channel; the Idempotency-Key when absent. */
  transactionReference?: string | undefined;
};

/** A vend request after parsing: its channel, reference and hash are settled. */
export type VendToCreate = VendRequest & {
  /** The agent login that sells, whose agent's float the vend draws on; undefined for the utility's own. */
  cashier: VendingCashier | undefined;
  channel: string;
  idempotencyKey: string | null;
  transactionReference: string;
  requestHash: string;
};

/**
 * Settles a vend request's channel, reference and request hash, or throws PREPAYMENT.INVALID_REQUEST
 * for an Idempotency-Key that is not a valid reference, or when neither a key nor a reference is given.
 */
export function parseVendRequest(
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

/**
 * Returns the earlier vend that a retried request made, marked as replayed, or throws
 * PREPAYMENT.IDEMPOTENCY_KEY_REUSED when the key or reference was used for another request.
 */
export function replayVend(stored: StoredVend, vend: VendToCreate): VendResult {
  if (stored.requestHash !== vend.requestHash) {
    throw conflict(
      'PREPAYMENT.IDEMPOTENCY_KEY_REUSED',
      `Vend ${stored.id} already used ${stored.idempotencyKey === null ? '' : `Idempotency-Key "${stored.idempotencyKey}" or `}reference "${stored.transactionReference}" of channel ${stored.channel} with a different request; use a new key and reference for a new purchase.`,
    );
  }
  return { vend: stored, replayed: true };
}
