import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { plainDateSchema } from '../../../platform/validation/plain-date-schema.js';

// A typed period is one billing period, and the longest bill cycle is a year.
export const maxRateCheckDays = 366;
// A year of 15-minute readings.
export const maxRateCheckIntervals = 366 * 96;

const decimalText = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'expected a decimal number of 0 or more as text, such as "1234.5"');
const signedDecimalText = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, 'expected a decimal number as text, such as "-12.50"');
const minorAmount = z
  .string()
  .regex(/^-?\d+$/)
  .describe('Amount in minor units of the currency, as a string');
const majorAmount = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .describe('The same amount in major units with the currency decimals, such as "123.45"');

const registerQuantitySchema = z
  .object({
    measure: z.enum(['energy', 'demand', 'volume']),
    quantity: decimalText.describe('kWh for energy, the maximum kW for demand, the tariff unit for volume'),
    schedule: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe(
        'Id of a TOU schedule of the tariff definition, such as "energy" or "demand" for a URDB rate',
      ),
    period: z.number().int().min(0).max(99).optional().describe('Period number in that schedule'),
  })
  .refine((register) => (register.schedule === undefined) === (register.period === undefined), {
    message: 'give schedule and period together for a TOU quantity, or neither for a total',
    path: ['period'],
  });

const intervalSchema = z
  .object({
    start: z.iso.datetime({ offset: true }).describe('Start instant, such as 2026-01-05T14:00:00-05:00'),
    durationSeconds: z.number().int().min(60).max(86_400),
    kwh: decimalText.optional().describe('Energy in the interval'),
    kw: decimalText.optional().describe('Average demand over the interval, instead of kwh'),
  })
  .refine((interval) => (interval.kwh === undefined) !== (interval.kw === undefined), {
    message: 'give exactly one of kwh and kw',
    path: ['kwh'],
  });

const usageSchema = z
  .object({
    registers: z
      .array(registerQuantitySchema)
      .min(1)
      .max(100)
      .optional()
      .describe(
        'Register totals: energy in total or per TOU period, demand where the tariff has demand charges',
      ),
    intervals: z
      .array(intervalSchema)
      .min(1)
      .max(maxRateCheckIntervals)
      .optional()
      .describe(
        'Interval readings in time order, placed on the company time zone; they give energy and demand',
      ),
  })
  .refine((usage) => (usage.registers === undefined) !== (usage.intervals === undefined), {
    message: 'give exactly one of registers and intervals',
    path: ['registers'],
  });

export const rateCheckBody = z
  .object({
    periodStart: plainDateSchema.describe('First day of the billing period'),
    periodEnd: plainDateSchema.describe('Day after the last day of the billing period (half-open range)'),
    usage: usageSchema.optional().describe('The usage to rate, instead of accountId'),
    accountId: z
      .uuid()
      .optional()
      .describe("Rate this account's own reads or interval data for the period instead; needs readings:read"),
    inputs: z
      .record(z.string().min(1).max(100), decimalText)
      .optional()
      .describe('Named quantities for components that price an input, such as a winter-average volume'),
    annualChargesBeforeMinimum: signedDecimalText
      .optional()
      .describe(
        'Charges billed earlier in the settlement year, when an annual minimum settles in the period',
      ),
  })
  .superRefine((body, issues) => {
    if ((body.usage === undefined) === (body.accountId === undefined)) {
      issues.addIssue({
        code: 'custom',
        path: ['usage'],
        input: body.usage,
        message: 'give exactly one of usage and accountId',
      });
    }
    if (body.accountId !== undefined) {
      for (const field of ['inputs', 'annualChargesBeforeMinimum'] as const) {
        if (body[field] === undefined) continue;
        issues.addIssue({
          code: 'custom',
          path: [field],
          input: body[field],
          message: `${field} applies to typed usage only, because an account's history is rated as a bill run rates it`,
        });
      }
    }
    checkPeriodLength(body.periodStart, body.periodEnd, issues);
  });

function checkPeriodLength(start: string, end: string, issues: z.RefinementCtx): void {
  let days: number;
  try {
    days = Temporal.PlainDate.from(start).until(Temporal.PlainDate.from(end), { largestUnit: 'days' }).days;
  } catch {
    // An invalid date has its own issue from plainDateSchema.
    return;
  }
  if (days < 1 || days > maxRateCheckDays) {
    issues.addIssue({
      code: 'custom',
      path: ['periodEnd'],
      input: end,
      message: `${end} must be 1 to ${maxRateCheckDays} days after periodStart (${start}), as the day after the last day of the period`,
    });
  }
}

const lineTraceSchema = z
  .object({
    tariffVersionId: z.string(),
    effectiveFrom: z.string(),
    componentId: z.string(),
    componentKind: z.string(),
    segment: z.object({ start: z.string(), end: z.string(), days: z.number().int() }),
    prorationFactor: z.string(),
    season: z.string().optional(),
    touPeriod: z.object({ index: z.number().int(), name: z.string().optional() }).optional(),
    tier: z
      .object({ index: z.number().int(), from: z.string(), to: z.string().optional(), unit: z.string() })
      .optional(),
    readingIds: z.array(z.string()).describe('Reads or interval readings behind the quantity'),
    formula: z.string(),
    unroundedAmount: z.string(),
  })
  .meta({ id: 'BillLineTrace' });

export type RateCheckLineTrace = z.infer<typeof lineTraceSchema>;

const rateCheckLineSchema = z.object({
  lineNumber: z.number().int(),
  chargeType: z.string().describe('fixed, energy, demand-flat, demand-tou, volume, minimum or tax'),
  description: z.string(),
  quantity: z.string().nullable(),
  unit: z.string().nullable(),
  unitPrice: z.string().nullable(),
  amountMinor: minorAmount,
  amount: majorAmount,
  ledgerAccount: z.string(),
  trace: lineTraceSchema,
});

export const rateCheckSchema = z
  .object({
    tariffId: z.uuid(),
    source: z.enum(['usage', 'account-history']),
    accountId: z.uuid().nullable(),
    currency: z.string().length(3),
    periodStart: z.iso.date(),
    periodEnd: z.iso.date(),
    isEstimated: z.boolean().describe('True when a read period ends on an estimated read'),
    totalMinor: minorAmount,
    total: majorAmount,
    segments: z.array(
      z.object({
        agreementId: z.uuid().nullable(),
        servicePointId: z.uuid().nullable(),
        periodStart: z.iso.date().describe('First day rated; for account history, the read it starts on'),
        periodEnd: z.iso.date().describe('Day after the last day rated'),
        isEstimated: z.boolean(),
        consumption: z
          .record(z.string(), z.unknown())
          .nullable()
          .describe(
            'Reads, spans and quantities rated, as a bill segment stores them, or null for typed usage',
          ),
        totalMinor: minorAmount,
        total: majorAmount,
        lines: z.array(rateCheckLineSchema),
      }),
    ),
  })
  .meta({ id: 'RateCheck' });
