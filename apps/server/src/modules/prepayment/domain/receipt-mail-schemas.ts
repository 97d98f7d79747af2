import { z } from 'zod';

/** The body of POST /v1/prepaid/vends/:id/receipt-mails. */
export const mailVendReceiptBody = z.object({
  email: z
    .string()
    .trim()
    .pipe(z.email('Expected an email address such as name@example.com').max(254))
    .describe('The address the customer gave for the receipt; spaces around it are ignored'),
  language: z
    .enum(['en', 'es'])
    .optional()
    .describe("Language of the mail, such as the seller's screen language; the company's by default"),
});

export type MailVendReceiptInput = z.input<typeof mailVendReceiptBody>;
