import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  deliveryIdHeader,
  isWebhookSignatureValid,
  signatureHeader,
  timestampHeader,
  WebhookDispatcher,
} from '../../src/modules/webhooks/index.js';
import { claimDueDeliveries } from '../../src/modules/webhooks/db/delivery-store.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp, captureLogs } from '../http/test-http-app.js';
import { createTestApiKey } from '../support/factories/api-key.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { anAccount } from '../support/factories/customers.js';
import { describeEachDatabase } from '../support/test-database.js';

type Received = { deliveryId: string; type: string; aggregateId: string; signatureValid: boolean };

/** A webhook receiver on loopback that can be killed and started again on the same port. */
class Receiver {
  readonly received: Received[] = [];
  #server: Server | undefined;
  port = 0;

  constructor(private readonly secret: () => string) {}

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      void readBody(request).then((body) => {
        const timestamp = Number(request.headers[timestampHeader]);
        const signature = String(request.headers[signatureHeader] ?? '');
        const event = JSON.parse(body) as { id: string; type: string; aggregate: { id: string } };
        this.received.push({
          deliveryId: String(request.headers[deliveryIdHeader]),
          type: event.type,
          aggregateId: event.aggregate.id,
          signatureValid: isWebhookSignatureValid(this.secret(), timestamp, body, signature),
        });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** Stops listening and drops open connections, as a crashed receiver would. */
  async kill(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    this.#server = undefined;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

describeEachDatabase('webhooks', (database) => {
  let app: HttpApp;
  let company: CompanyFixture;
  let headers: { authorization: string };
  let secret = '';
  const receiver = new Receiver(() => secret);

  beforeAll(async () => {
    ({ app } = await buildTestHttpApp(database()));
    company = await insertCompany(database().db);
    const key = await createTestApiKey(database().db, company.companyId, ['*']);
    headers = { authorization: `Bearer ${key.token}` };
    await receiver.start();
  });
  afterAll(async () => {
    await receiver.kill();
    await app.close();
  });

  async function postPayment(accountId: string, key: string): Promise<string> {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/payments',
      headers: { ...headers, 'idempotency-key': key },
      payload: { accountId, amountMinor: '1000', currency: 'EUR', method: 'transfer' },
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>().id;
  }

  function paymentEvents(): Promise<{ id: string; event_type: string; aggregate_id: string }[]> {
    return database()
      .db.selectFrom('platform.outbox_event')
      .select(['id', 'event_type', 'aggregate_id'])
      .where('company_id', '=', company.companyId)
      .where('event_type', 'in', ['payment.posted', 'payment.reversed'])
      .orderBy('id')
      .execute();
  }

  it('delivers every event through a receiver crash, in order per payment', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/webhook-subscriptions',
      headers,
      payload: {
        url: `http://127.0.0.1:${receiver.port}/hook`,
        eventTypes: ['payment.posted', 'payment.reversed'],
      },
    });
    expect(created.statusCode).toBe(201);
    const { subscription, signingSecret } = created.json<{
      subscription: { id: string };
      signingSecret: string;
    }>();
    secret = signingSecret;
    expect(signingSecret).toMatch(/^whsec_/);
    const { logger } = captureLogs();
    const dispatcher = new WebhookDispatcher(database(), logger, {
      allowPrivateTargets: true,
      retryBaseMs: 20,
      leaseMs: 300,
    });
    const accounts = [await anAccount(database().db, company), await anAccount(database().db, company)];

    // Receiver up: the first payments arrive at once.
    const first = await postPayment(accounts[0]!.id, 'payment-1');
    await postPayment(accounts[1]!.id, 'payment-2');
    expect(await dispatcher.runOnce()).toMatchObject({ attempts: 2, delivered: 2 });

    // Receiver down: more payments and a reversal of the first one fail to arrive.
    await receiver.kill();
    await postPayment(accounts[0]!.id, 'payment-3');
    await postPayment(accounts[1]!.id, 'payment-4');
    const reversal = await app.inject({
      method: 'POST',
      url: `/v1/payments/${first}/reversal`,
      headers,
      payload: { reason: 'bounced' },
    });
    expect(reversal.statusCode).toBe(201);
    const outage = await dispatcher.runOnce();
    expect(outage.delivered).toBe(0);
    expect(outage.attempts).toBeGreaterThan(0);

    // A sender claims what is due and dies before sending: its lease runs out and the work returns.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const claimed = await database()
      .forCompany(company.companyId)
      .transaction()
      .execute((trx) => claimDueDeliveries(trx, company.companyId, 50, 300));
    expect(claimed.length).toBeGreaterThan(0);

    // Receiver back on the same port: everything arrives.
    await receiver.start();
    for (let round = 0; round < 50; round++) {
      const pending = await database()
        .db.selectFrom('platform.webhook_delivery')
        .select('id')
        .where('company_id', '=', company.companyId)
        .where('status', '!=', 'delivered')
        .execute();
      if (pending.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
      await dispatcher.runOnce();
    }

    const events = await paymentEvents();
    expect(events).toHaveLength(5);
    const receivedIds = new Set(receiver.received.map((entry) => entry.deliveryId));
    const deliveries = await database()
      .db.selectFrom('platform.webhook_delivery')
      .select(['id', 'event_id'])
      .where('company_id', '=', company.companyId)
      .execute();
    const deliveryOf = new Map(deliveries.map((delivery) => [delivery.event_id, delivery.id]));
    expect(events.filter((event) => !receivedIds.has(deliveryOf.get(event.id) ?? ''))).toEqual([]);
    expect(receiver.received.every((entry) => entry.signatureValid)).toBe(true);
    const ofFirst = receiver.received
      .filter((entry) => entry.aggregateId === first)
      .map((entry) => entry.type);
    expect(ofFirst.indexOf('payment.posted')).toBeLessThan(ofFirst.indexOf('payment.reversed'));

    const log = await app.inject({
      method: 'GET',
      url: `/v1/webhook-subscriptions/${subscription.id}/deliveries`,
      headers,
    });
    const items = log.json<{ items: { status: string; attempts: number; lastError: string | null }[] }>()
      .items;
    expect(items).toHaveLength(5);
    expect(items.every((item) => item.status === 'delivered')).toBe(true);
    expect(items.filter((item) => item.attempts > 1).length).toBeGreaterThanOrEqual(3);
  });

  it('rejects a forged signature', () => {
    const body = '{"id":"1","type":"payment.posted"}';
    expect(isWebhookSignatureValid('whsec_right', 1_800_000_000, body, 'v1=00')).toBe(false);
    expect(isWebhookSignatureValid('whsec_wrong', 1_800_000_000, body, 'v1=' + 'a'.repeat(64))).toBe(false);
  });

  it('sends nothing to a private address unless allowed', async () => {
    const other = await insertCompany(database().db);
    const key = await createTestApiKey(database().db, other.companyId, ['*']);
    const auth = { authorization: `Bearer ${key.token}` };
    const created = await app.inject({
      method: 'POST',
      url: '/v1/webhook-subscriptions',
      headers: auth,
      payload: { url: `http://127.0.0.1:${receiver.port}/private`, eventTypes: ['customer.created'] },
    });
    const { subscription } = created.json<{ subscription: { id: string } }>();
    const customer = await app.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: auth,
      payload: { kind: 'person', familyName: 'Private' },
    });
    expect(customer.statusCode).toBe(201);
    const { logger } = captureLogs();
    const dispatcher = new WebhookDispatcher(database(), logger, { retryBaseMs: 20 });
    const before = receiver.received.length;
    await dispatcher.runOnce();
    expect(receiver.received.length).toBe(before);
    const log = await app.inject({
      method: 'GET',
      url: `/v1/webhook-subscriptions/${subscription.id}/deliveries`,
      headers: auth,
    });
    expect(log.json()).toMatchObject({
      items: [
        { status: 'pending', attempts: 1, lastError: expect.stringContaining('private address') as unknown },
      ],
    });
  });

  it('stops sending once a subscription is disabled', async () => {
    const other = await insertCompany(database().db);
    const key = await createTestApiKey(database().db, other.companyId, ['*']);
    const auth = { authorization: `Bearer ${key.token}` };
    const created = await app.inject({
      method: 'POST',
      url: '/v1/webhook-subscriptions',
      headers: auth,
      payload: { url: 'http://127.0.0.1:9/closed', eventTypes: ['customer.created'] },
    });
    const { subscription } = created.json<{ subscription: { id: string } }>();
    await app.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: auth,
      payload: { kind: 'person', familyName: 'Disabled' },
    });
    const { logger } = captureLogs();
    const dispatcher = new WebhookDispatcher(database(), logger, {
      allowPrivateTargets: true,
      retryBaseMs: 1,
    });
    await dispatcher.runOnce();
    await app.inject({
      method: 'POST',
      url: `/v1/webhook-subscriptions/${subscription.id}/disable`,
      headers: auth,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The round may retry other tests' deliveries, which are due within milliseconds, so the check is
    // on this subscription's own log: still the one attempt made before it was disabled.
    await dispatcher.runOnce();
    const log = await app.inject({
      method: 'GET',
      url: `/v1/webhook-subscriptions/${subscription.id}/deliveries`,
      headers: auth,
    });
    expect(log.json()).toMatchObject({
      items: [{ status: 'failed', attempts: 1, lastError: 'the subscription was disabled' }],
    });
  });

  it('names an invalid URL and event type', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/webhook-subscriptions',
      headers,
      payload: { url: 'ftp://example.com/x', eventTypes: ['Payment Posted'] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'WEBHOOKS.INVALID_SUBSCRIPTION',
      errors: [{ path: 'url' }, { path: 'eventTypes.0' }],
    });
  });
});
