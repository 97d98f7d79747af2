import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createMailSender,
  describeMailConfig,
  mailLanguageFor,
  passwordResetMail,
  readMailConfig,
} from '../../src/modules/channels/index.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { startMailReceiver } from '../support/mail-receiver.js';
import { createTestDatabase } from '../support/test-database.js';

const resetValues = {
  recipient: { name: 'Ada <script>', address: 'ada@example.com' },
  companyName: 'Aguas & Luz',
  resetUrl: 'https://cis.example.test/reset-password?lang=en#token=cis_reset_abc',
  expiresAt: new Date('2026-12-06T09:30:00Z'),
  locale: 'en-GB',
  timeZone: 'Europe/Madrid',
};

describe('mail templates', () => {
  it('picks the shipped language of a locale', () => {
    expect(mailLanguageFor('es-ES')).toBe('es');
    expect(mailLanguageFor('ES')).toBe('es');
    expect(mailLanguageFor('fr-FR')).toBe('en');
    expect(mailLanguageFor(null)).toBe('en');
  });

  it('shows the expiry in the company time zone', () => {
    const english = passwordResetMail(resetValues);
    const spanish = passwordResetMail({ ...resetValues, locale: 'es-ES' });

    expect(english.text).toContain('until 6 December 2026 at 10:30');
    expect(spanish.text).toContain('hasta el 6 de diciembre de 2026 a las 10:30');
  });

  it('escapes values in the HTML part', () => {
    const mail = passwordResetMail(resetValues);

    expect(mail.html).toContain('Hello Ada &lt;script&gt;,');
    expect(mail.html).toContain('Aguas &amp; Luz');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('Hello Ada <script>,');
  });
});

describe('mail config', () => {
  it('writes to a folder without an SMTP URL', () => {
    const config = readMailConfig({}, '/var/lib/cis');

    expect(config).toEqual({
      kind: 'folder',
      directory: '/var/lib/cis/outgoing-mail',
      from: 'Open CIS <no-reply@localhost>',
    });
  });

  it('rejects an SMTP URL that is not one', () => {
    expect(() => readMailConfig({ CIS_SMTP_URL: 'mail.example.com' }, '/tmp')).toThrow(
      'Invalid CIS_SMTP_URL: it is not a URL',
    );
    expect(() => readMailConfig({ CIS_SMTP_URL: 'http://mail.example.com' }, '/tmp')).toThrow(
      'the scheme is "http:", expected smtp: or smtps:',
    );
  });

  it('keeps the SMTP password out of its description', () => {
    const config = readMailConfig(
      {
        CIS_SMTP_URL: 'smtps://mailer:s3cret@mail.example.com:465',
        CIS_MAIL_FROM: 'Billing <b@example.com>',
      },
      '/tmp',
    );

    expect(config).toMatchObject({ kind: 'smtp', from: 'Billing <b@example.com>' });
    expect(describeMailConfig(config)).toBe('sent through smtps://mail.example.com:465');
  });
});

describe('mail senders', () => {
  it('delivers over SMTP', async () => {
    const receiver = await startMailReceiver();
    const sender = createMailSender({ kind: 'smtp', url: receiver.url, from: 'no-reply@example.test' });
    try {
      await sender.send(passwordResetMail({ ...resetValues, locale: 'es-ES' }));
      const [mail] = await receiver.waitForMails(1);

      expect(mail?.to).toEqual(['ada@example.com']);
      expect(mail?.subject).toBe('Restablezca su contraseña de Aguas & Luz');
      expect(mail?.text).toContain(resetValues.resetUrl);
    } finally {
      sender.close();
      await receiver.close();
    }
  });

  it('writes private .eml files to the folder', async () => {
    const directory = path.join(await mkdtemp(path.join(tmpdir(), 'cis-mail-')), 'outgoing-mail');
    const sender = createMailSender({ kind: 'folder', directory, from: 'no-reply@example.test' });
    try {
      await sender.send(passwordResetMail(resetValues));
      const [file] = await readdir(directory);
      const content = await readFile(path.join(directory, file ?? ''), 'utf8');

      expect(file).toMatch(/\.eml$/);
      expect((await stat(path.join(directory, file ?? ''))).mode & 0o777).toBe(0o600);
      expect((await stat(directory)).mode & 0o777).toBe(0o700);
      expect(content).toContain('Subject: Reset your Aguas & Luz password');
      expect(content).toContain('To: "Ada <script>" <ada@example.com>');
    } finally {
      sender.close();
      await rm(path.dirname(directory), { recursive: true, force: true });
    }
  });
});

describe('reset password page', () => {
  it('serves the page without a referrer', async () => {
    const database = await createTestDatabase('pglite');
    const { app } = await buildTestHttpApp(database);
    try {
      const page = await app.inject({ method: 'GET', url: '/reset-password?lang=es' });
      const script = await app.inject({ method: 'GET', url: '/reset-password.js' });

      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<meta name="referrer" content="no-referrer" />');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(script.body).toContain("fetch('/v1/auth/password-resets'");
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
