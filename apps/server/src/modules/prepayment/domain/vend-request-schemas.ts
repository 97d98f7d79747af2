import { z } from 'zod';
import { vendCorrectionReasonCodes } from './vend-correction.js';

/**
 * Largest amount one purchase may tender: 10^12 minor units (10,000,000,000.00 with 2 decimals). No
 * household buys that much at once, so a larger amount is an entry or integration error.
 */
export const maxTenderedMinor = 1_000_000_000_000n;

/** Channel code: where a vend was sold, such as back-office, api or a bank's own code. */
export const channelSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{1,39}$/,
    'Expected a channel code of 2 to 40 lower-case letters, digits and hyphens',
  )
  .describe(
    'Sales channel; defaults to back-office for staff users and api for API keys. Deduction rules can apply to one channel only.',
  );

/** Printable ASCII without spaces, as references and Idempotency-Key header values are. */
const referencePattern = /^[\x21-\x7e]{1,255}$/;

const vendFields = {
  meterId: z.uuid().optional().describe('The meter to vend for; give meterId or pan'),
  pan: z
    .string()
    .regex(/^\d{18}$/, 'Expected the 18-digit PAN: IIN, DRN and check digit')
    .optional()
    .describe('The meter number (PAN) to vend for; give meterId or pan'),
  amountMinor: z
    .string()
    .regex(/^[1-9]\d*$/, 'Expected a positive whole number of minor units as a string, such as "5000"')
    .refine((text) => !/^\d+$/.test(text) || BigInt(text) <= maxTenderedMinor, {
      message: `Expected at most ${maxTenderedMinor} minor units, because a larger purchase is almost surely an entry error`,
    })
    .describe('Amount tendered in minor units of the currency, as a string'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 code such as ZAR'),
  channel: channelSchema.optional(),
};

function requireOneMeter(
  body: { meterId?: string | undefined; pan?: string | undefined },
  issues: z.RefinementCtx,
): void {
  if ((body.meterId === undefined) === (body.pan === undefined)) {
    issues.addIssue({
      code: 'custom',
      path: [body.meterId === undefined ? 'meterId' : 'pan'],
      message:
        body.meterId === undefined
          ? 'Expected meterId or pan to name the meter; both are missing'
          : 'Expected meterId or pan, not both; send one of them',
    });
  }
}

/** The body of POST /v1/prepaid/quotes. */
export const quoteVendBody = z.object(vendFields).superRefine(requireOneMeter);

/** The body of POST /v1/prepaid/vends. */
export const vendBody = z
  .object({
    ...vendFields,
    transactionReference: z
      .string()
      .regex(referencePattern, 'Expected 1 to 255 printable ASCII characters without spaces')
      .optional()
      .describe(
        "The channel's own reference, unique per channel: a retry with the same reference returns the same tokens. Defaults to the Idempotency-Key.",
      ),
  })
  .superRefine(requireOneMeter);

/** The body of POST /v1/prepaid/vends/:id/reverse. */
export const reverseVendBody = z.object({
  reason: z.string().trim().min(1).max(500).describe('Why the vend is reversed, for the audit trail'),
});

export const correctVendBody = z.strictObject({
  reasonCode: z
    .enum(vendCorrectionReasonCodes)
    .describe('Why the vend is corrected; use other and explain in reason for anything else'),
  reason: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .describe('What happened and who asked for the correction, for the audit trail'),
});

export type QuoteVendBody = z.output<typeof quoteVendBody>;
export type VendBody = z.output<typeof vendBody>;

/** Checks whether a value is a valid transaction reference or idempotency key. */
export function isValidReference(value: string): boolean {
  return referencePattern.test(value);
}
