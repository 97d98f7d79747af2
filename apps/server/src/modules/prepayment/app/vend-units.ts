import type { TokenIssuer } from '@open-cis/sts';
import { Temporal } from 'temporal-polyfill';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { sellVends, VendTakenError, type SoldVend, type VendOutcome } from './sell-vends.js';
import type { VendUnitsRequest } from './vend-request.js';

export type { VendUnitsRequest } from './vend-request.js';

export type VendUnitsOptions = {
  /** Returns the current instant; tests pass a fixed one. Defaults to `Temporal.Now.instant`. */
  now?: () => Temporal.Instant;
};

/**
 * Sells units to a prepaid meter: deductions, units by price block, the tokens, the ledger posting, audit
 * and a `prepaid-vend.issued` event, all in one transaction (see sellVends, which sells batches).
 *
 * Idempotent by Idempotency-Key and by (channel, transaction reference): a retry of the same request
 * returns the first vend with the same tokens and `replayed: true`. A key or reference used before with
 * another request is a PREPAYMENT.IDEMPOTENCY_KEY_REUSED conflict. The result names the vend's customer
 * for the receipt.
 */
export async function vendUnits(
  db: Db,
  context: RequestContext,
  issuer: TokenIssuer | undefined,
  request: VendUnitsRequest,
  options: VendUnitsOptions = {},
): Promise<SoldVend> {
  const at = (options.now ?? (() => Temporal.Now.instant()))();
  const items = [{ context, request }];
  let outcome: VendOutcome;
  try {
    [outcome] = (await sellVends(db, issuer, items, at)) as [VendOutcome];
  } catch (error) {
    if (!(error instanceof VendTakenError)) throw error;
    // A request with the same key or reference committed first, so this transaction rolled back and the
    // tokens it issued were never stored or shown. Asked again, the request finds that vend.
    [outcome] = (await sellVends(db, issuer, items, at)) as [VendOutcome];
  }
  if (outcome.kind === 'sold') return outcome.result;
  if (outcome.kind === 'failed') throw outcome.error;
  throw new Error('A vend sold alone was deferred, which only a batch can cause.');
}
