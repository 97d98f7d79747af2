import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createMailSender, type MailSender } from '../../src/modules/channels/index.js';
import { VendReceiptMailWorker } from '../../src/modules/prepayment/index.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { captureLogs, type CapturedLogs } from '../http/test-http-app.js';
import { createTestApiKey } from '../support/factories/api-key.js';
import type { CompanyFixture } from '../support/factories/company.js';
import { insertPrepaidMeter, type PrepaidFixture } from '../support/factories/prepaid.js';
import { setUpPrepaidApp } from '../support/factories/prepaid-app.js';
import { startMailReceiver, type MailReceiver } from '../support/mail-receiver.js';
import { describeEachDatabase } from '../support/test-database.js';

type Headers = Record<string, string>;
type VendJson = {
  id: string;
  accountNumber: string;
  customerName: string;
  transactionReference: string;
  tokens: { token: string; tokenGroups: string }[];
};
type Problem = { code: string; detail: string; errors?: { path: string; message: string }[] };

describeEachDatabase('prepaid receipt mails', (database) => {
  let app: HttpApp;
  let company: CompanyFixture;
  let admin: Headers;
  let receiver: MailReceiver;
  let mailer: MailSender;
  let worker: VendReceiptMailWorker | undefined;
  let logs: CapturedLogs;
  let sequence = 0;

  beforeAll(async () => {
    ({ app, company, auth: admin } = await setUpPrepaidApp(database()));
    receiver = await startMailReceiver();
    mailer = createMailSender({ kind: 'smtp', url: receiver.url, from: 'Utility <no-reply@example.test>' });
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });
  afterAll(async () => {
    mailer.close();
    await receiver.close();
    await app.close();
  });

  function startWorker(): void {
    const captured = captureLogs();
    logs = captured.logs;
    worker = new VendReceiptMailWorker(database(), captured.logger, mailer, { pollMs: 20, retryBaseMs: 50 });
    worker.start();
  }

  const call = (
    method: 'POST' | 'PUT',
    url: string,
    headers: Headers,
    payload?: Record<string, unknown>,
  ): Promise<LightMyRequestResponse> => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  const mailReceipt = (headers: Headers, vendId: string, payload: Record<string, unknown>) =>
    call('POST', `/v1/prepaid/vends/${vendId}/receipt-mails`, headers, payload);

  /** Creates an agent with an outlet, a float and a selling API key at that outlet. */
  async function setUpAgent() {
    sequence += 1;
    const created = await call('POST', '/v1/prepaid/agents', admin, {
      code: `mail-${sequence}`,
      name: `Mail shop ${sequence}`,
    });
    expect(created.statusCode, created.body).toBe(201);
    const agentId = created.json<{ id: string }>().id;
    const outlet = await call('POST', `/v1/prepaid/agents/${agentId}/outlets`, admin, {
      code: 'main',
      name: 'Main street',
    });
    expect(outlet.statusCode, outlet.body).toBe(201);
    const deposit = await call('POST', `/v1/prepaid/agents/${agentId}/float-deposits`, admin, {
      amountMinor: '100000',
      currency: 'ZAR',
      reference: `mail-deposit-${sequence}`,
    });
    expect(deposit.statusCode, deposit.body).toBe(201);
    const key = await createTestApiKey(database().db, company.companyId, ['vending:read', 'vending:write']);
    const assigned = await call('PUT', `/v1/prepaid/agents/${agentId}/cashiers`, admin, {
      actorKind: 'api-key',
      actorId: key.keyId,
      outletId: outlet.json<{ id: string }>().id,
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    return { agentId, name: `Mail shop ${sequence}`, cashier: { authorization: `Bearer ${key.token}` } };
  }

  async function sell(headers: Headers, meter: PrepaidFixture): Promise<VendJson> {
    const response = await call(
      'POST',
      '/v1/prepaid/vends',
      { ...headers, 'idempotency-key': `mail-${++sequence}-${company.companyId.slice(0, 8)}` },
      { pan: meter.pan, amountMinor: '1500', currency: 'ZAR' },
    );
    expect(response.statusCode, response.body).toBe(201);
    return response.json<VendJson>();
  }

  async function countJobs(vendId: string): Promise<number> {
    const result = await sql<{ count: string }>`
      select count(*) as count from platform.job
      where queue = 'vend-receipt-mail' and payload->>'vendId' = ${vendId}`.execute(database().db);
    return Number(result.rows[0]?.count ?? 0);
  }

  it('mails the receipt with its tokens', async () => {
    const agent = await setUpAgent();
    const meter = await insertPrepaidMeter(database().db, company);
    const sold = await sell(agent.cashier, meter);
    startWorker();
    const before = receiver.mails.length;

    const response = await mailReceipt(agent.cashier, sold.id, { email: ' Nomsa@Example.com ' });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json()).toEqual({ vendId: sold.id, email: 'nomsa@example.com', status: 'queued' });

    const mail = (await receiver.waitForMails(before + 1)).at(-1);
    expect(mail?.to).toEqual(['nomsa@example.com']);
    expect(mail?.subject).toBe(`Your Company ${company.code} prepaid electricity receipt`);
    expect(mail?.text).toContain(`Sold by: ${agent.name} · Main street`);
    expect(mail?.text).toContain(`Meter number: ${meter.pan}`);
    expect(mail?.text).toContain(`Reference: ${sold.transactionReference}`);
    for (const token of sold.tokens) expect(mail?.text).toContain(token.tokenGroups);
    // The address is whatever the customer gave, so the mail names neither the account nor the customer.
    expect(mail?.text).not.toContain(sold.accountNumber);
    expect(mail?.text).not.toContain(sold.customerName);
  });

  it('writes in the requested language', async () => {
    const meter = await insertPrepaidMeter(database().db, company);
    const sold = await sell(admin, meter);
    startWorker();
    const before = receiver.mails.length;

    const response = await mailReceipt(admin, sold.id, { email: 'cliente@example.com', language: 'es' });
    expect(response.statusCode, response.body).toBe(202);
    const mail = (await receiver.waitForMails(before + 1)).at(-1);
    expect(mail?.subject).toBe(`Su recibo de electricidad prepago de Company ${company.code}`);
    expect(mail?.text).toContain(`Número de contador: ${meter.pan}`);
    expect(mail?.text).not.toContain('Vendido por');
  });

  it('keeps agents to their own vends', async () => {
    const first = await setUpAgent();
    const second = await setUpAgent();
    const meter = await insertPrepaidMeter(database().db, company);
    const sold = await sell(first.cashier, meter);

    const response = await mailReceipt(second.cashier, sold.id, { email: 'someone@example.com' });
    expect(response.statusCode).toBe(404);
    expect(response.json<Problem>().code).toBe('PREPAYMENT.VEND_NOT_FOUND');
    expect(await countJobs(sold.id)).toBe(0);
  });

  it('sends no tokens of a reversed vend', async () => {
    const meter = await insertPrepaidMeter(database().db, company);
    const reversedFirst = await sell(admin, meter);
    const reversal = await call('POST', `/v1/prepaid/vends/${reversedFirst.id}/reverse`, admin, {
      reason: 'wrong meter',
    });
    expect(reversal.statusCode, reversal.body).toBe(200);
    const refused = await mailReceipt(admin, reversedFirst.id, { email: 'someone@example.com' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<Problem>().code).toBe('PREPAYMENT.VEND_REVERSED');

    // A vend reversed after its mail was queued gets no mail either.
    const reversedLater = await sell(admin, meter);
    expect((await mailReceipt(admin, reversedLater.id, { email: 'late@example.com' })).statusCode).toBe(202);
    await call('POST', `/v1/prepaid/vends/${reversedLater.id}/reverse`, admin, { reason: 'wrong meter' });
    const before = receiver.mails.length;
    startWorker();
    await expect.poll(() => logs.text()).toContain('receipt mail skipped');
    expect(receiver.mails.slice(before).map((mail) => mail.to)).not.toContainEqual(['late@example.com']);
  });

  it('merges a repeated address and limits mails', async () => {
    const meter = await insertPrepaidMeter(database().db, company);
    const sold = await sell(admin, meter);

    // Without a worker the jobs stay queued, so the same address again is the same mail.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect((await mailReceipt(admin, sold.id, { email: 'twice@example.com' })).statusCode).toBe(202);
    }
    expect(await countJobs(sold.id)).toBe(1);

    for (const email of ['b@example.com', 'c@example.com', 'd@example.com', 'e@example.com']) {
      expect((await mailReceipt(admin, sold.id, { email })).statusCode).toBe(202);
    }
    const limited = await mailReceipt(admin, sold.id, { email: 'f@example.com' });
    expect(limited.statusCode).toBe(422);
    expect(limited.json<Problem>().code).toBe('PREPAYMENT.RECEIPT_MAIL_LIMIT');
    expect(await countJobs(sold.id)).toBe(5);
  });

  it('audits each mail by a masked address', async () => {
    const meter = await insertPrepaidMeter(database().db, company);
    const sold = await sell(admin, meter);
    expect((await mailReceipt(admin, sold.id, { email: 'nomsa@example.com' })).statusCode).toBe(202);

    const events = await database()
      .db.selectFrom('platform.audit_event')
      .select(['action', 'changes'])
      .where('company_id', '=', company.companyId)
      .where('entity_id', '=', sold.id)
      .where('action', '=', 'export')
      .execute();
    expect(events).toEqual([
      { action: 'export', changes: { receipt_mailed_to: [null, 'n***@example.com'] } },
    ]);
  });

  it('rejects a bad address naming the field', async () => {
    const meter = await insertPrepaidMeter(database().db, company);
    const sold = await sell(admin, meter);
    for (const payload of [{ email: 'not an address' }, {}, { email: 'a@example.com', language: 'fr' }]) {
      const response = await mailReceipt(admin, sold.id, payload);
      expect({ payload, status: response.statusCode }).toEqual({ payload, status: 400 });
      const paths = response.json<Problem>().errors?.map((error) => error.path);
      expect({ payload, paths }).toEqual({ payload, paths: ['language' in payload ? 'language' : 'email'] });
    }
    expect(await countJobs(sold.id)).toBe(0);
  });
});
