import { escapeHtml } from './escape-html.js';
import type { MailMessage } from './mail-message.js';

/** The languages customer and staff mail is written in; any other locale falls back to English. */
export const mailLanguages = ['en', 'es'] as const;
export type MailLanguage = (typeof mailLanguages)[number];

/** Picks the mail language for a BCP 47 locale such as es-ES: its language when shipped, else English. */
export function mailLanguageFor(locale: string | null | undefined): MailLanguage {
  const language = (locale ?? '').split('-')[0]?.toLowerCase();
  return mailLanguages.find((shipped) => shipped === language) ?? 'en';
}

/**
 * Picks the locale of the mail: the language of the page where the user asked for it, when mail is
 * shipped in it, else the customer's or company's locale. A request in the language of that locale
 * keeps the locale, so es-MX still formats times and amounts the Mexican way for a request from a page
 * in es.
 */
export function chooseMailLocale(requested: string | undefined, usual: string): string {
  if (requested === undefined || mailLanguageFor(requested) !== requested.split('-')[0]?.toLowerCase()) {
    return usual;
  }
  return mailLanguageFor(requested) === mailLanguageFor(usual) ? usual : requested;
}

export type PasswordResetMailValues = {
  recipient: { name: string; address: string };
  companyName: string;
  resetUrl: string;
  expiresAt: Date;
  /** Company locale and time zone, used to show the expiry time the way the recipient reads times. */
  locale: string;
  timeZone: string;
};

type PasswordResetText = {
  subject: (company: string) => string;
  greeting: (name: string) => string;
  request: (company: string) => string;
  action: string;
  expiry: (time: string) => string;
  ignore: string;
};

const passwordResetTexts: Record<MailLanguage, PasswordResetText> = {
  en: {
    subject: (company) => `Reset your ${company} password`,
    greeting: (name) => `Hello ${name},`,
    request: (company) => `Someone asked to reset the password of your ${company} account.`,
    action: 'Choose a new password',
    expiry: (time) => `The link works once, until ${time}.`,
    ignore: 'If you did not ask for this, ignore this email: your password stays as it is.',
  },
  es: {
    subject: (company) => `Restablezca su contraseña de ${company}`,
    greeting: (name) => `Hola, ${name}:`,
    request: (company) => `Se ha pedido restablecer la contraseña de su cuenta de ${company}.`,
    action: 'Elegir una contraseña nueva',
    expiry: (time) => `El enlace sirve una sola vez, hasta el ${time}.`,
    ignore: 'Si no lo ha pedido usted, ignore este correo: su contraseña no cambia.',
  },
};

/** Writes the password reset email in the recipient's language, as plain text and as HTML. */
export function passwordResetMail(values: PasswordResetMailValues): MailMessage {
  const language = mailLanguageFor(values.locale);
  const texts = passwordResetTexts[language];
  const expiry = new Intl.DateTimeFormat(values.locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: values.timeZone,
  }).format(values.expiresAt);
  const paragraphs = [texts.request(values.companyName), texts.expiry(expiry), texts.ignore];
  const text = [
    texts.greeting(values.recipient.name),
    '',
    paragraphs[0],
    '',
    `${texts.action}: ${values.resetUrl}`,
    '',
    ...paragraphs.slice(1).flatMap((paragraph) => [paragraph, '']),
    values.companyName,
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${language}"><body>`,
    `<p>${escapeHtml(texts.greeting(values.recipient.name))}</p>`,
    `<p>${escapeHtml(paragraphs[0] ?? '')}</p>`,
    `<p><a href="${escapeHtml(values.resetUrl)}">${escapeHtml(texts.action)}</a></p>`,
    ...paragraphs.slice(1).map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    `<p>${escapeHtml(values.companyName)}</p>`,
    '</body></html>',
  ].join('\n');
  return { to: values.recipient, subject: texts.subject(values.companyName), text, html };
}
