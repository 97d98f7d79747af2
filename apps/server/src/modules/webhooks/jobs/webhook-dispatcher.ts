import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseScopes } from '../../../platform/db/database-scopes.js';
import { computeRetryDelayMs, maxDeliveryAttempts } from '../domain/retry-schedule.js';
import {
  deliveryIdHeader,
  signatureHeader,
  signWebhook,
  timestampHeader,
} from '../domain/webhook-signature.js';
import { postWebhook } from './post-webhook.js';
import {
  claimDueDeliveries,
  fanOutOutboxEvents,
  listCompaniesWithWebhookWork,
  recordAttempt,
  type AttemptOutcome,
  type ClaimedDelivery,
} from '../db/delivery-store.js';

export type WebhookDispatcherOptions = {
  /** Whether subscriptions may target private and loopback addresses (tests, on-premises receivers). */
  allowPrivateTargets?: boolean;
  /** Wait before the first retry; it doubles with each failure (default 5 s). */
  retryBaseMs?: number;
  /** How long a claimed delivery stays reserved for its sender (default 60 s). */
  leaseMs?: number;
  /** Time allowed for a receiver's response (default 10 s). */
  timeoutMs?: number;
  /** Pause between rounds when there was nothing to do (default 1 s). */
  idleMs?: number;
};

export type DispatchRound = { eventsFannedOut: number; attempts: number; delivered: number };

const FAN_OUT_BATCH = 500;
const SEND_BATCH = 20;
const COMPANIES_AT_ONCE = 8;

/**
 * Delivers the outbox to webhook subscribers after commit, at least once: events become deliveries, and
 * deliveries are sent, retried with backoff and logged. All state lives in the database, with leases and
 * SKIP LOCKED, so several server processes can run dispatchers side by side, and a process that dies
 * mid-send leaves its deliveries to be sent again.
 */
export class WebhookDispatcher {
  readonly #database: DatabaseScopes;
  readonly #log: FastifyBaseLogger;
  readonly #options: Required<WebhookDispatcherOptions>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #closed = false;

  constructor(database: DatabaseScopes, log: FastifyBaseLogger, options: WebhookDispatcherOptions = {}) {
    this.#database = database;
    this.#log = log;
    this.#options = {
      allowPrivateTargets: options.allowPrivateTargets ?? false,
      retryBaseMs: options.retryBaseMs ?? 5_000,
      leaseMs: options.leaseMs ?? 60_000,
      timeoutMs: options.timeoutMs ?? 10_000,
      idleMs: options.idleMs ?? 1_000,
    };
  }

  /** Runs rounds until closed, pausing when a round found nothing to do. */
  start(): void {
    const loop = async (): Promise<void> => {
      if (this.#closed) return;
      let busy = false;
      try {
        const round = await this.runOnce();
        busy = round.eventsFannedOut > 0 || round.attempts > 0;
      } catch (error) {
        this.#log.error({ err: error }, 'webhook dispatch round failed; retrying after a pause');
      }
      if (this.#closed) return;
      this.#timer = setTimeout(
        () => {
          this.#running = loop();
        },
        busy ? 0 : this.#options.idleMs,
      );
    };
    this.#running = loop();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  /** Fans out pending events and sends the due deliveries of every company once. */
  async runOnce(): Promise<DispatchRound> {
    const round: DispatchRound = { eventsFannedOut: 0, attempts: 0, delivered: 0 };
    const companies = await listCompaniesWithWebhookWork(this.#database.platform);
    // Companies are served side by side, so that one company's slow receivers do not hold up the others.
    const next = { index: 0 };
    const serve = async (): Promise<void> => {
      for (let index = next.index++; index < companies.length; index = next.index++) {
        const result = await this.#runCompany(companies[index]!);
        round.eventsFannedOut += result.eventsFannedOut;
        round.attempts += result.attempts;
        round.delivered += result.delivered;
      }
    };
    await Promise.all(Array.from({ length: Math.min(COMPANIES_AT_ONCE, companies.length) }, serve));
    return round;
  }

  async #runCompany(companyId: string): Promise<DispatchRound> {
    const round: DispatchRound = { eventsFannedOut: 0, attempts: 0, delivered: 0 };
    const db = this.#database.forCompany(companyId);
    for (;;) {
      const eventsTaken = await db
        .transaction()
        .execute((trx) => fanOutOutboxEvents(trx, companyId, FAN_OUT_BATCH));
      round.eventsFannedOut += eventsTaken;
      if (eventsTaken < FAN_OUT_BATCH) break;
    }
    const claimed = await db
      .transaction()
      .execute((trx) => claimDueDeliveries(trx, companyId, SEND_BATCH, this.#options.leaseMs));
    const outcomes = await Promise.all(claimed.map((delivery) => this.#send(delivery)));
    for (const [index, delivery] of claimed.entries()) {
      const outcome = outcomes[index]!;
      await db.transaction().execute((trx) => recordAttempt(trx, companyId, delivery, outcome));
      round.attempts += 1;
      if (outcome.next.kind === 'delivered') round.delivered += 1;
    }
    return round;
  }

  async #send(delivery: ClaimedDelivery): Promise<AttemptOutcome> {
    const started = performance.now();
    const body = JSON.stringify({
      id: delivery.id,
      type: delivery.eventType,
      occurredAt: delivery.eventCreatedAt.toISOString(),
      aggregate: { type: delivery.aggregateType, id: delivery.aggregateId },
      data: delivery.payload,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      statusCode = await postWebhook(
        new URL(delivery.url),
        {
          'content-type': 'application/json',
          [deliveryIdHeader]: delivery.id,
          [timestampHeader]: String(timestamp),
          [signatureHeader]: signWebhook(delivery.signingSecret, timestamp, body),
        },
        body,
        { timeoutMs: this.#options.timeoutMs, allowPrivateTargets: this.#options.allowPrivateTargets },
      );
      if (statusCode < 200 || statusCode >= 300) error = `the receiver responded with HTTP ${statusCode}`;
    } catch (caught) {
      error = describeSendError(caught);
    }
    const durationMs = Math.round(performance.now() - started);
    if (error === null) return { statusCode, error, durationMs, next: { kind: 'delivered' } };
    const attempts = delivery.attempts + 1;
    this.#log.warn({ deliveryId: delivery.id, attempts, error }, 'webhook delivery failed');
    if (attempts >= maxDeliveryAttempts) return { statusCode, error, durationMs, next: { kind: 'failed' } };
    const at = new Date(Date.now() + computeRetryDelayMs(attempts, this.#options.retryBaseMs));
    return { statusCode, error, durationMs, next: { kind: 'retry', at } };
  }
}

function describeSendError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`.slice(0, 500);
}
