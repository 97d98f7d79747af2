export type { MailMessage, MailSender } from './domain/mail-message.js';
export { chooseMailLocale, mailLanguageFor, passwordResetMail } from './domain/mail-templates.js';
export { vendReceiptMail, type VendReceiptMailValues } from './domain/vend-receipt-mail.js';
export { createMailSender, describeMailConfig, readMailConfig, type MailConfig } from './app/mail-sender.js';
