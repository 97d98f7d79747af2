import { z } from 'zod';
import { plainDateSchema } from '../../../platform/validation/plain-date-schema.js';
import { deductionKinds, deductionMethodsByKind } from './deduction-rule.js';
import { prepaidServices } from './prepaid-service.js';
import { channelSchema } from './vend-request-schemas.js';

const minorAmountText = z
  .string()
  .regex(/^[1-9]\d{0,14}$/, 'Expected a positive whole number of minor units as a string, such as "500"');
const percentText = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,6})?$/, 'Expected a percentage such as "15" or "2.5", with at most 6 decimals')
  .refine((text) => Number(text) > 0 && Number(text) <= 100, 'Expected more than 0 and at most 100');

/** STS key data of a decoder key (IEC 62055-41). */
export const keyDataSchema = z.object({
  sgc: z.string().regex(/^\d{6}$/, 'Expected the 6-digit supply group code'),
  ti: z.number().int().min(0).max(99).describe('Tariff index, 0 to 99'),
  krn: z.number().int().min(1).max(9).describe('Key revision number, 1 to 9'),
  kt: z
    .union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)])
    .describe('Key type: 0 initialization, 1 default, 2 unique, 3 common'),
  ken: z.number().int().min(0).max(255).describe('Key expiry number; 255 never expires'),
  baseDate: z
    .enum(['1993-01-01', '2014-01-01', '2035-01-01'])
    .describe('Base date the TIDs count minutes from'),
  dkga: z.enum(['02', '04']).describe('Decoder key generation algorithm'),
  ea: z.enum(['07', '11']).describe('Encryption algorithm: 07 STA, 11 MISTY1'),
});

/** The body of POST /v1/prepaid/meters. */
export const registerPrepaidMeterBody = z.object({
  meterId: z.uuid().describe('The meter in the device inventory'),
  iin: z.string().regex(/^(\d{4}|\d{6})$/, 'Expected the 6-digit IIN 600727 or the 4-digit 0000'),
  drn: z
    .string()
    .regex(/^(\d{11}|\d{13})$/, 'Expected the 11-digit DRN (13 digits with IIN 0000), check digit last'),
  key: keyDataSchema,
  pendingKey: keyDataSchema.optional().describe('A key that a key change will install'),
  lastTid: z
    .number()
    .int()
    .min(0)
    .max(0xffffff)
    .optional()
    .describe('TID of the last token the meter took, when it comes from another vending system'),
});

/** One deduction rule as a client sends it; the list's order is the order the rules apply in. */
export const deductionRuleInputSchema = z
  .object({
    code: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Expected a code of lower-case letters, digits and hyphens'),
    name: z.string().trim().min(1).max(100),
    kind: z.enum(deductionKinds),
    method: z.enum(['fixed', 'percent', 'included-percent', 'monthly']),
    amountMinor: minorAmountText.optional().describe('For fixed and monthly rules'),
    percent: percentText.optional().describe('For percent and included-percent rules'),
    maxPerVendMinor: minorAmountText.optional(),
    maxPerMonthMinor: minorAmountText.optional(),
    channel: channelSchema.optional().describe('Apply the rule to this channel only'),
    service: z
      .enum(prepaidServices)
      .optional()
      .describe('Apply the rule to purchases for meters of this service only, such as a levy on water'),
  })
  .superRefine((rule, issues) => {
    const allowed = deductionMethodsByKind[rule.kind];
    if (!allowed.includes(rule.method)) {
      issues.addIssue({
        code: 'custom',
        path: ['method'],
        input: rule.method,
        message: `A ${rule.kind} rule takes method ${allowed.join(' or ')}`,
      });
    }
    const needsAmount = rule.method === 'fixed' || rule.method === 'monthly';
    if (needsAmount !== (rule.amountMinor !== undefined)) {
      issues.addIssue({
        code: 'custom',
        path: ['amountMinor'],
        message: needsAmount
          ? `Expected amountMinor for method ${rule.method}`
          : `Expected no amountMinor for method ${rule.method}; give percent`,
      });
    }
    if (needsAmount === (rule.percent !== undefined)) {
      issues.addIssue({
        code: 'custom',
        path: ['percent'],
        message: needsAmount
          ? `Expected no percent for method ${rule.method}; give amountMinor`
          : `Expected percent for method ${rule.method}`,
      });
    }
  });

/** The body of PUT /v1/prepaid/deduction-rules: the whole list, which replaces the rules in force. */
export const setDeductionRulesBody = z.object({
  rules: z
    .array(deductionRuleInputSchema)
    .max(50)
    .refine(
      (rules) => new Set(rules.map((rule) => rule.code)).size === rules.length,
      'Expected each code once',
    ),
});

/** The body of POST /v1/prepaid/free-basic-allowances. */
export const grantFreeBasicAllowanceBody = z.object({
  accountId: z.uuid(),
  service: z
    .enum(prepaidServices)
    .default('electricity')
    .describe('The service whose meters the allowance is given with; electricity when omitted'),
  unitsPerMonth: z
    .string()
    .regex(/^\d{1,6}(\.\d)?$/, 'Expected units with at most one decimal, such as "50"')
    .refine((text) => Number(text) > 0, 'Expected more than 0')
    .describe("Units per month in the service's credit unit: kWh of electricity, m3 of water or gas"),
  startOn: plainDateSchema,
  endOn: plainDateSchema
    .optional()
    .describe('First day without the allowance; omitted for an open-ended one'),
});

export type RegisterPrepaidMeterInput = z.input<typeof registerPrepaidMeterBody>;
export type DeductionRuleInput = z.input<typeof deductionRuleInputSchema>;
export type GrantFreeBasicAllowanceInput = z.input<typeof grantFreeBasicAllowanceBody>;
