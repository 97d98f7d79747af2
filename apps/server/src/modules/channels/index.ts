export type { MailMessage, MailSender } from './domain/mail-message.js';
export { mailLanguageFor, passwordResetMail } from './domain/mail-templates.js';
export { createMailSender, describeMailConfig, readMailConfig, type MailConfig } from './app/mail-sender.js';
