import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createMailSender, type MailSender } from '../../src/modules/channels/index.js';
import { PasswordResetMailWorker } from '../../src/modules/identity/index.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp, captureLogs } from '../http/test-http-app.js';
import { createCompanyWithApiKey, type ApiKeyFixture } from '../support/factories/api-key.js';
import { startMailReceiver, type MailReceiver } from '../support/mail-receiver.js';
import { describeEachDatabase } from '../support/test-database.js';

// The reset-request route allows 10 requests a minute per client, so these tests build their own app
// rather than share the budget of forgot-password.test.ts.
describeEachDatabase('reset mail in the language of the request', (database) => {
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
    const created = await app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: { authorization: `Bearer ${company.token}` },
      payload: { email: 'idioma@example.com', displayName: 'Ada Lovelace', roles: [], kind: 'staff' },
    });
    expect(created.statusCode).toBe(201);
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

  function forgot(language: string) {
    return app.inject({
      method: 'POST',
      url: '/v1/auth/password-reset-requests',
      payload: { company: company.companyCode, email: 'idioma@example.com', language },
    });
  }

  it('writes in the language of the request', async () => {
    worker = new PasswordResetMailWorker(
      database(),
      captureLogs().logger,
      mailer,
      'https://cis.example.test',
      {
        pollMs: 20,
        retryBaseMs: 50,
      },
    );
    worker.start();

    const response = await forgot('es');

    expect(response.statusCode).toBe(202);
    const mail = (await receiver.waitForMails(1)).at(-1);
    expect(mail?.subject).toBe(`Restablezca su contraseña de Company ${company.companyCode}`);
    expect(mail?.text).toContain('Hola, Ada Lovelace:');
    expect(mail?.text).toContain('/reset-password?lang=es#token=');
  });

  it('rejects a malformed request language', async () => {
    const response = await forgot('es_ES!');

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'HTTP.VALIDATION_FAILED', errors: [{ path: 'language' }] });
  });
});
