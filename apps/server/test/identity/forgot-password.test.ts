import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createMailSender, type MailSender } from '../../src/modules/channels/index.js';
import { PasswordResetMailWorker, requestPasswordReset } from '../../src/modules/identity/index.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp, captureLogs } from '../http/test-http-app.js';
import { createCompanyWithApiKey, type ApiKeyFixture } from '../support/factories/api-key.js';
import { aCustomer, aPersonInput } from '../support/factories/customers.js';
import { startMailReceiver, type MailReceiver } from '../support/mail-receiver.js';
import { describeEachDatabase } from '../support/test-database.js';

const firstPassword = 'correct horse battery staple';
const newPassword = 'purple elephants juggle quietly';
const publicUrl = 'https://cis.example.test';

describeEachDatabase('forgot password by email', (database) => {
  let app: HttpApp;
  let company: ApiKeyFixture;
  let receiver: MailReceiver;
  let mailer: MailSender;
  let worker: PasswordResetMailWorker | undefined;

  beforeAll(async () => {
    ({ app } = await buildTestHttpApp(database()));
    company = await createCompanyWithApiKey(database().db);
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

  function startWorker(sender: MailSender = mailer): PasswordResetMailWorker {
    worker = new PasswordResetMailWorker(database(), captureLogs().logger, sender, publicUrl, {
      pollMs: 20,
      retryBaseMs: 50,
    });
    worker.start();
    return worker;
  }

  async function aUser(email: string, kind = 'staff', customerId?: string): Promise<string> {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: { authorization: `Bearer ${company.token}` },
      payload: { email, displayName: 'Ada Lovelace', roles: [], kind, ...(customerId ? { customerId } : {}) },
    });
    expect(created.statusCode).toBe(201);
    const body = created.json<{ user: { id: string }; passwordSetup: { token: string } }>();
    const setup = await app.inject({
      method: 'POST',
      url: '/v1/auth/password-resets',
      payload: { token: body.passwordSetup.token, newPassword: firstPassword },
    });
    expect(setup.statusCode).toBe(204);
    return body.user.id;
  }

  function forgot(email: string, kind = 'staff') {
    return app.inject({
      method: 'POST',
      url: '/v1/auth/password-reset-requests',
      payload: { company: company.companyCode, kind, email },
    });
  }

  function tokenOf(text: string): string {
    const link = /https:\/\/cis\.example\.test\/reset-password\?lang=(en|es)#token=(\S+)/.exec(text);
    expect(link).not.toBeNull();
    return decodeURIComponent(link?.[2] ?? '');
  }

  it('mails a reset link that sets a new password', async () => {
    await aUser('ada@example.com');
    startWorker();

    const response = await forgot('Ada@Example.com');
    expect(response.statusCode).toBe(202);
    const [mail] = await receiver.waitForMails(1);
    expect(mail?.to).toEqual(['ada@example.com']);
    expect(mail?.subject).toBe(`Reset your Company ${company.companyCode} password`);
    expect(mail?.text).toContain('Hello Ada Lovelace,');

    const reset = await app.inject({
      method: 'POST',
      url: '/v1/auth/password-resets',
      payload: { token: tokenOf(mail?.text ?? ''), newPassword },
    });
    expect(reset.statusCode).toBe(204);
    const signIn = await app.inject({
      method: 'POST',
      url: '/v1/auth/sessions',
      payload: { company: company.companyCode, email: 'ada@example.com', password: newPassword },
    });
    expect(signIn.statusCode).toBe(201);
  });

  it('answers alike for unknown accounts', async () => {
    const known = await forgot('ada@example.com', 'customer');
    const unknown = await forgot('nobody@example.com');
    const otherCompany = await app.inject({
      method: 'POST',
      url: '/v1/auth/password-reset-requests',
      payload: { company: 'no-such-company', email: 'ada@example.com' },
    });

    for (const response of [known, unknown, otherCompany]) {
      expect(response.statusCode).toBe(202);
      expect(response.json()).toEqual(unknown.json());
    }
    const queued = await sql<{ count: string }>`
      select count(*) as count from platform.job where queue = 'password-reset-mail' and status = 'queued'
    `.execute(database().db);
    expect(queued.rows[0]?.count).toBe('0');
  });

  it('writes to a customer in their language', async () => {
    const customer = await aCustomer(
      database().db,
      { companyId: company.companyId, code: company.companyCode, billCycleId: '' },
      aPersonInput({ preferredLocale: 'es-ES' }),
    );
    await aUser('cliente@example.com', 'customer', customer.id);
    const before = receiver.mails.length;
    startWorker();

    expect((await forgot('cliente@example.com', 'customer')).statusCode).toBe(202);
    const mails = await receiver.waitForMails(before + 1);
    const mail = mails.at(-1);
    expect(mail?.subject).toBe(`Restablezca su contraseña de Company ${company.companyCode}`);
    expect(mail?.text).toContain('Hola, Ada Lovelace:');
    expect(mail?.text).toContain('/reset-password?lang=es#token=');
  });

  it('sends one user at most three mails an hour', async () => {
    const userId = await aUser('limit@example.com');
    const meta = { requestId: undefined, ip: '192.0.2.7' };
    const request = { companyCode: company.companyCode, kind: 'staff' as const, email: 'limit@example.com' };

    const queued: boolean[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      queued.push(await requestPasswordReset(database(), request, meta));
      // Mark the job done, as the worker would, so the next request is not merged into it.
      await sql`update platform.job set status = 'done' where dedupe_key = ${userId}`.execute(database().db);
    }

    expect(queued).toEqual([true, true, true, false]);
  });

  it('merges repeated requests while a mail is queued', async () => {
    const userId = await aUser('twice@example.com');
    const meta = { requestId: undefined, ip: null };
    const request = { companyCode: company.companyCode, kind: 'staff' as const, email: 'twice@example.com' };

    const first = await requestPasswordReset(database(), request, meta);
    const second = await requestPasswordReset(database(), request, meta);

    expect(first).toBe(true);
    expect(second).toBe(false);
    await sql`update platform.job set status = 'done' where dedupe_key = ${userId}`.execute(database().db);
  });

  it('retries while the SMTP server is down', async () => {
    const userId = await aUser('retry@example.com');
    const down = await startMailReceiver();
    await down.close();
    const deadSender = createMailSender({ kind: 'smtp', url: down.url, from: 'no-reply@example.test' });
    const started = startWorker(deadSender);

    expect((await forgot('retry@example.com')).statusCode).toBe(202);
    const job = await waitForJob(userId, (row) => row.attempts >= 1 && row.last_error !== null);
    expect(job.status).toBe('queued');
    expect(job.last_error).toMatch(/ECONNREFUSED|connect/i);

    await started.close();
    deadSender.close();
    const mailsBefore = receiver.mails.length;
    startWorker();
    const mails = await receiver.waitForMails(mailsBefore + 1, 15_000);
    const mail = mails.at(-1);
    expect(mail?.to).toEqual(['retry@example.com']);
    const reset = await app.inject({
      method: 'POST',
      url: '/v1/auth/password-resets',
      payload: { token: tokenOf(mail?.text ?? ''), newPassword },
    });
    expect(reset.statusCode).toBe(204);
  });

  it('voids the other links once one is used', async () => {
    await aUser('links@example.com');
    startWorker();
    const before = receiver.mails.length;
    for (let request = 0; request < 2; request += 1) {
      expect((await forgot('links@example.com')).statusCode).toBe(202);
      await receiver.waitForMails(before + request + 1);
    }
    const [first, second] = receiver.mails.slice(before).map((mail) => tokenOf(mail.text));

    const used = await app.inject({
      method: 'POST',
      url: '/v1/auth/password-resets',
      payload: { token: second, newPassword },
    });
    const stale = await app.inject({
      method: 'POST',
      url: '/v1/auth/password-resets',
      payload: { token: first, newPassword: 'another long passphrase here' },
    });

    expect(used.statusCode).toBe(204);
    expect(stale.statusCode).toBe(401);
  });

  it('rejects the link of a disabled user, also after re-enabling', async () => {
    const userId = await aUser('leaver@example.com');
    startWorker();
    const before = receiver.mails.length;
    expect((await forgot('leaver@example.com')).statusCode).toBe(202);
    const mails = await receiver.waitForMails(before + 1);
    const token = tokenOf(mails.at(-1)?.text ?? '');
    const patch = (status: string) =>
      app.inject({
        method: 'PATCH',
        url: `/v1/users/${userId}`,
        headers: { authorization: `Bearer ${company.token}` },
        payload: { status },
      });

    expect((await patch('disabled')).statusCode).toBe(200);
    const whileDisabled = await app.inject({
      method: 'POST',
      url: '/v1/auth/password-resets',
      payload: { token, newPassword },
    });
    expect((await patch('active')).statusCode).toBe(200);
    const afterEnabling = await app.inject({
      method: 'POST',
      url: '/v1/auth/password-resets',
      payload: { token, newPassword },
    });

    expect(whileDisabled.statusCode).toBe(401);
    expect(afterEnabling.statusCode).toBe(401);
  });

  it('rejects control characters in display names', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: { authorization: `Bearer ${company.token}` },
      payload: { email: 'eve@example.com', displayName: 'Eve\nSubject: spoofed', roles: [] },
    });

    expect(created.statusCode).toBe(400);
    expect(created.body).toContain('control characters');
  });

  type JobRow = { status: string; attempts: number; last_error: string | null };

  async function waitForJob(userId: string, done: (row: JobRow) => boolean): Promise<JobRow> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const result = await sql<JobRow>`
        select status, attempts, last_error from platform.job
        where queue = 'password-reset-mail' and dedupe_key = ${userId}
        order by created_at desc limit 1
      `.execute(database().db);
      const row = result.rows[0];
      if (row && done(row)) return row;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for the mail job of user ${userId}.`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
});
