import { z } from 'zod';
import { plainDateSchema } from '../../../platform/validation/plain-date-schema.js';
import { channelSchema } from './vend-request-schemas.js';

const codeSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Expected a code of lower-case letters, digits and hyphens');
const minorAmountText = z
  .string()
  .regex(/^[1-9]\d{0,14}$/, 'Expected a positive whole number of minor units as a string, such as "500"');
const minorAmountOrZeroText = z
  .string()
  .regex(/^(0|[1-9]\d{0,14})$/, 'Expected a whole number of minor units as a string, 0 or more');

/** The body of POST /v1/prepaid/agents. */
export const createVendingAgentBody = z.object({
  code: codeSchema,
  name: z.string().trim().min(1).max(100),
  creditLimitMinor: minorAmountOrZeroText
    .optional()
    .describe('How far the float may go below zero, in minor units; 0 (the default) means prefunded only'),
});

/** The body of PATCH /v1/prepaid/agents/:agentId. */
export const updateVendingAgentBody = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    status: z.enum(['active', 'suspended']).optional().describe('A suspended agent cannot sell'),
    creditLimitMinor: minorAmountOrZeroText.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Expected at least one of name, status, creditLimitMinor');

/** The body of POST /v1/prepaid/agents/:agentId/outlets. */
export const createVendingOutletBody = z.object({
  code: codeSchema,
  name: z.string().trim().min(1).max(100),
  address: z.string().trim().min(1).max(300).optional(),
});

/** The body of PUT /v1/prepaid/agents/:agentId/cashiers: a login that sells for the agent. */
export const assignVendingCashierBody = z.object({
  actorKind: z
    .enum(['user', 'api-key'])
    .describe('A staff user (a cashier) or an API key (a bank or aggregator)'),
  actorId: z.uuid().describe("The user's or API key's id"),
  outletId: z.uuid().optional().describe('The outlet the login sells at'),
  active: z.boolean().default(true).describe('False stops the login selling for the agent'),
});

/** The body of PUT /v1/prepaid/agents/:agentId/commission-rules. */
export const setCommissionRulesBody = z.object({
  rules: z
    .array(
      z
        .object({
          channel: channelSchema
            .optional()
            .describe('The channel the rule is for; every channel when absent'),
          method: z.enum(['percent', 'fixed']),
          percent: z
            .string()
            .regex(
              /^\d{1,2}(\.\d{1,6})?$/,
              'Expected a percentage below 100 such as "2.5", with at most 6 decimals',
            )
            .refine((text) => Number(text) > 0, 'Expected more than 0')
            .optional()
            .describe('For percent rules: the share of the amount tendered'),
          amountMinor: minorAmountText.optional().describe('For fixed rules: the amount per vend'),
        })
        .refine((rule) => (rule.method === 'percent') === (rule.percent !== undefined), {
          message: 'Expected percent for a percent rule and only for it',
          path: ['percent'],
        })
        .refine((rule) => (rule.method === 'fixed') === (rule.amountMinor !== undefined), {
          message: 'Expected amountMinor for a fixed rule and only for it',
          path: ['amountMinor'],
        }),
    )
    .max(20)
    .refine(
      (rules) => new Set(rules.map((rule) => rule.channel ?? '')).size === rules.length,
      'Expected at most one rule per channel, and one without a channel',
    ),
});

/** The body of POST /v1/prepaid/agents/:agentId/float-deposits. */
export const depositAgentFloatBody = z.object({
  amountMinor: minorAmountText.describe('The amount the agent paid in, in minor units'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 currency code such as "ZAR"'),
  reference: z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, 'Expected 1 to 255 printable ASCII characters without spaces')
    .describe("The bank's or cash office's reference; a repeated reference returns the first deposit"),
  note: z.string().trim().max(300).optional(),
});

/** The query of GET /v1/prepaid/agents/:agentId/reconciliation. */
export const reconciliationQuery = z.strictObject({
  date: plainDateSchema.describe('The accounting date (company-local) to reconcile'),
});

export type CreateVendingAgentInput = z.input<typeof createVendingAgentBody>;
export type UpdateVendingAgentInput = z.input<typeof updateVendingAgentBody>;
export type CreateVendingOutletInput = z.input<typeof createVendingOutletBody>;
export type AssignVendingCashierInput = z.input<typeof assignVendingCashierBody>;
export type SetCommissionRulesInput = z.input<typeof setCommissionRulesBody>;
export type DepositAgentFloatInput = z.input<typeof depositAgentFloatBody>;
