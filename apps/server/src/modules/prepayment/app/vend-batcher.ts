import type { TokenIssuer } from '@open-cis/sts';
import { Temporal } from 'temporal-polyfill';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { sellVends, VendTakenError, type SoldVend, type VendItem } from './sell-vends.js';
import type { VendUnitsRequest } from './vend-request.js';
import { vendUnits } from './vend-units.js';

export type VendBatcherOptions = {
  /** Most purchases sold in one transaction. */
  maxBatchSize?: number;
  /** Most transactions of one company's purchases running at once. */
  maxBatchesInFlight?: number;
  /** Logger for a failed batch, reported before its purchases are sold one at a time. */
  log?: { warn: (details: object, message: string) => void };
};

/** Sells prepaid purchases, gathering those that arrive together into batches (see createVendBatcher). */
export type VendBatcher = {
  /** Sells one purchase, as vendUnits does, in a batch with the company's other waiting purchases. */
  vend: (db: Db, context: RequestContext, request: VendUnitsRequest) => Promise<SoldVend>;
};

type Waiting = {
  db: Db;
  item: VendItem;
  resolve: (result: SoldVend) => void;
  reject: (error: unknown) => void;
};

type CompanyQueue = { waiting: Waiting[]; inFlight: number };

/**
 * Creates a batcher that sells each company's purchases in batches, so that under load a transaction
 * sells many vends with one statement per kind of fact (see sellVends). A purchase that arrives while the
 * company has fewer than `maxBatchesInFlight` batches running starts a batch at once, so a quiet server
 * adds no wait. The purchases that arrive meanwhile form the next batch. A purchase that sellVends
 * defers goes back to the front of the queue. A batch that fails because a concurrent request took one
 * of its keys or references is sold once more, and then replays that request's vend. When a batch fails
 * otherwise (a deadlock, a lost connection), its purchases are sold again one at a time with vendUnits,
 * so each gets its own result or error.
 */
export function createVendBatcher(
  issuer: TokenIssuer | undefined,
  options: VendBatcherOptions = {},
): VendBatcher {
  const maxBatchSize = options.maxBatchSize ?? 64;
  const maxBatchesInFlight = options.maxBatchesInFlight ?? 2;
  const queues = new Map<string, CompanyQueue>();

  const pump = (companyId: string) => {
    const queue = queues.get(companyId);
    if (queue === undefined) return;
    while (queue.inFlight < maxBatchesInFlight && queue.waiting.length > 0) {
      const batch = queue.waiting.splice(0, maxBatchSize);
      queue.inFlight += 1;
      void sellBatch(queue, batch)
        .catch((error: unknown) => sellOneByOne(batch, error))
        .finally(() => {
          queue.inFlight -= 1;
          if (queue.inFlight === 0 && queue.waiting.length === 0) queues.delete(companyId);
          else pump(companyId);
        });
    }
  };

  const sellBatch = async (queue: CompanyQueue, batch: Waiting[]): Promise<void> => {
    const items = batch.map((waiting) => waiting.item);
    let outcomes;
    try {
      outcomes = await sellVends(batch[0]!.db, issuer, items, Temporal.Now.instant());
    } catch (error) {
      // A concurrent request took a key or reference of the batch, as a channel retrying after a
      // timeout does. Sold again, the batch finds that vend and replays it, so one more try suffices.
      if (!(error instanceof VendTakenError)) throw error;
      outcomes = await sellVends(batch[0]!.db, issuer, items, Temporal.Now.instant());
    }
    const deferred: Waiting[] = [];
    for (const [index, outcome] of outcomes.entries()) {
      const waiting = batch[index]!;
      if (outcome.kind === 'sold') waiting.resolve(outcome.result);
      else if (outcome.kind === 'failed') waiting.reject(outcome.error);
      else deferred.push(waiting);
    }
    queue.waiting.unshift(...deferred);
  };

  const sellOneByOne = async (batch: Waiting[], error: unknown): Promise<void> => {
    options.log?.warn(
      { err: error, vends: batch.length },
      'A batch of vends failed and rolled back; selling its vends one at a time',
    );
    await Promise.all(
      batch.map(({ db, item, resolve, reject }) =>
        vendUnits(db, item.context, issuer, item.request).then(resolve, reject),
      ),
    );
  };

  return {
    vend: (db, context, request) =>
      new Promise<SoldVend>((resolve, reject) => {
        let queue = queues.get(context.companyId);
        if (queue === undefined) {
          queue = { waiting: [], inFlight: 0 };
          queues.set(context.companyId, queue);
        }
        queue.waiting.push({ db, item: { context, request }, resolve, reject });
        pump(context.companyId);
      }),
  };
}
