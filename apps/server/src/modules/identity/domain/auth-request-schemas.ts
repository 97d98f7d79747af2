import { z } from 'zod';
import { principalKinds } from '../../../platform/auth/permissions.js';
import { maxPasswordLength } from './password-length.js';

/** The body of POST /v1/auth/sessions. The web app's sign-in form validates with it before sending. */
export const signInBody = z.object({
  company: z.string().min(1).max(40).describe('Company code'),
  kind: z.enum(principalKinds).default('staff'),
  email: z.string().min(3).max(254),
  password: z.string().min(1).max(maxPasswordLength),
  totpCode: z
    .string()
    .regex(/^\d{6}$/, 'Expected the 6-digit code')
    .optional(),
});

/** The body of POST /v1/auth/password-reset-requests, which the sign-in form's reset link sends. */
export const passwordResetRequestBody = signInBody.pick({ company: true, kind: true, email: true }).extend({
  language: z
    .string()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'Expected a BCP 47 language tag such as es or es-MX')
    .optional()
    .describe(
      "Language of the page the request comes from, such as es; the mail is written in it when shipped (en, es), else in the customer's or company's language",
    ),
});
