/** An email ready to send: one recipient, a subject, and the same content as plain text and HTML. */
export type MailMessage = {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
};

/** Sends mail. `close` releases the connections of the transport. */
export type MailSender = {
  send(message: MailMessage): Promise<void>;
  close(): void;
};
