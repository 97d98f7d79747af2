import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { MailMessage, MailSender } from '../domain/mail-message.js';

/** Mail destination: an SMTP server, or (when none is configured) .eml files in a folder. */
export type MailConfig =
  { kind: 'smtp'; url: string; from: string } | { kind: 'folder'; directory: string; from: string };

const defaultFrom = 'Open CIS <no-reply@localhost>';

/**
 * Reads the mail settings: CIS_SMTP_URL (such as smtp://mail.example.com:587 or
 * smtps://user:password@mail.example.com) and CIS_MAIL_FROM. Without CIS_SMTP_URL, mail is written to
 * `outgoing-mail` in the data folder, so that a demo without a mail server still shows what it sends.
 */
export function readMailConfig(env: NodeJS.ProcessEnv, dataDirectory: string): MailConfig {
  const from = env.CIS_MAIL_FROM?.trim() || defaultFrom;
  const url = env.CIS_SMTP_URL?.trim();
  if (!url) return { kind: 'folder', directory: path.join(dataDirectory, 'outgoing-mail'), from };
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new Error(
      'Invalid CIS_SMTP_URL: it is not a URL. Set it to smtp://host:port, or smtps://user:password@host for TLS.',
    );
  }
  if (protocol !== 'smtp:' && protocol !== 'smtps:') {
    throw new Error(
      `Invalid CIS_SMTP_URL: the scheme is "${protocol}", expected smtp: or smtps:. Set it to smtp://host:port.`,
    );
  }
  return { kind: 'smtp', url, from };
}

/** Describes a mail config for a log line, without the SMTP password. */
export function describeMailConfig(config: MailConfig): string {
  if (config.kind === 'folder') return `written to ${config.directory}`;
  const url = new URL(config.url);
  return `sent through ${url.protocol}//${url.host}`;
}

/**
 * Opens a mail sender for a config. Over SMTP, a connection that does not respond within 10 seconds or
 * goes silent for 30 fails the send, so the job that sends it retries later. The folder sender writes
 * each message as an .eml file that only the server's user may read, because messages carry reset links.
 */
export function createMailSender(config: MailConfig): MailSender {
  if (config.kind === 'smtp') {
    const transport = nodemailer.createTransport({
      url: config.url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return {
      send: async (message) => {
        await transport.sendMail(envelope(config.from, message));
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    send: async (message) => {
      const info = await transport.sendMail(envelope(config.from, message));
      await mkdir(config.directory, { recursive: true, mode: 0o700 });
      const name = `${new Date().toISOString().replaceAll(':', '-')}-${randomUUID()}.eml`;
      await writeFile(path.join(config.directory, name), info.message, { mode: 0o600 });
    },
    close: () => transport.close(),
  };
}

function envelope(from: string, message: MailMessage) {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
  };
}
