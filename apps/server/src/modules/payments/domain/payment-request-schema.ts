import { z } from 'zod';
import { plainDateSchema } from '../../../platform/validation/plain-date-schema.js';
import { maxAmountDescription, maxAmountMinor, maxReferenceLength } from './parse-payment-request.js';
import { paymentMethods } from './payment.js';

/** The body of POST /v1/payments; the web app's payment form validates with it before sending. */
export const postPaymentBody = z.object({
  accountId: z.uuid(),
  amountMinor: z
    .string()
    .regex(/^[1-9]\d*$/, 'Expected a positive whole number of minor units as a string, such as "12345"')
    .refine(
      (text) => !/^\d+$/.test(text) || BigInt(text) <= maxAmountMinor,
      `Expected ${maxAmountDescription}`,
    )
    .describe(`Amount in minor units of the currency, as a string; ${maxAmountDescription}`),
  currency: z.string().regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 code such as EUR'),
  receivedOn: plainDateSchema
    .optional()
    .describe("Date the money arrived; defaults to today in the company's time zone"),
  method: z.enum(paymentMethods),
  reference: z.string().max(maxReferenceLength).optional(),
});

/** The body of POST /v1/payments/:id/reversal. The web app's reversal form validates with it before sending. */
export const reversePaymentBody = z.object({
  reason: z.string().min(1).max(500),
  reversedOn: plainDateSchema
    .optional()
    .describe("Accounting date of the reversal; defaults to today in the company's time zone"),
});
