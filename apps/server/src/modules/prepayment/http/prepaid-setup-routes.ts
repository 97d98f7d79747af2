import { z } from 'zod';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { getPrepaidMeter } from '../app/get-prepaid-meter.js';
import { grantFreeBasicAllowance } from '../app/grant-free-basic-allowance.js';
import { engineeringTokenBody, issueEngineeringToken } from '../app/issue-engineering-token.js';
import { registerPrepaidMeter } from '../app/register-prepaid-meter.js';
import { setDeductionRules } from '../app/set-deduction-rules.js';
import type { DeductionRule } from '../domain/deduction-rule.js';
import type { PrepaidMeter } from '../domain/prepaid-meter.js';
import { prepaidServices } from '../domain/prepaid-service.js';
import {
  grantFreeBasicAllowanceBody,
  keyDataSchema,
  registerPrepaidMeterBody,
  setDeductionRulesBody,
} from '../domain/prepayment-setup-schemas.js';
import { listDeductionRules } from '../db/deduction-rule-queries.js';

const prepaidMeterSchema = z
  .object({
    meterId: z.uuid(),
    iin: z.string(),
    drn: z.string(),
    pan: z.string(),
    service: z
      .enum(prepaidServices)
      .describe("The inventory meter's service: it decides the credit token and the unit (kWh or m3)"),
    key: keyDataSchema,
    pendingKey: keyDataSchema.nullable(),
    lastTid: z.number().int().nullable(),
  })
  .meta({ id: 'PrepaidMeter' });

const deductionRuleSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  method: z.string(),
  position: z.number().int(),
  amountMinor: z.string().nullable(),
  percent: z.string().nullable(),
  maxPerVendMinor: z.string().nullable(),
  maxPerMonthMinor: z.string().nullable(),
  channel: z.string().nullable(),
  service: z.enum(prepaidServices).nullable().describe('The only service the rule applies to; null for all'),
});
const deductionRulesSchema = z.object({ rules: z.array(deductionRuleSchema) }).meta({ id: 'DeductionRules' });

const allowanceSchema = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  service: z.enum(prepaidServices),
  unitsPerMonth: z.string(),
  unit: z.string().describe('kWh for electricity, m3 for water and gas'),
  startOn: z.iso.date(),
  endOn: z.iso.date().nullable(),
});

function toRuleJson(rule: DeductionRule): z.input<typeof deductionRuleSchema> {
  const text = (value: bigint | null) => value?.toString() ?? null;
  return {
    ...rule,
    amountMinor: text(rule.amountMinor),
    maxPerVendMinor: text(rule.maxPerVendMinor),
    maxPerMonthMinor: text(rule.maxPerMonthMinor),
  };
}

const engineeringTokenSchema = z
  .object({
    id: z.uuid(),
    meterId: z.uuid(),
    pan: z.string(),
    tokenType: z.string(),
    parameter: z.string().nullable(),
    token: z.string().regex(/^\d{20}$/),
    tokenGroups: z.string(),
    tid: z.number().int().nullable().describe('Null for a test token, which has no TID'),
    reason: z.string(),
    issuedAt: z.iso.datetime(),
  })
  .meta({ id: 'EngineeringToken' });

const toMeterJson = (meter: PrepaidMeter): z.input<typeof prepaidMeterSchema> => meter;

/** Registers the set-up routes of prepayment: the meters' STS key data, the deduction rules and free basic units. */
export const prepaidSetupRoutes: RoutePlugin = (app, { tokenIssuer }) => {
  app.post(
    '/v1/prepaid/meters',
    {
      config: { permission: 'prepayment:write' },
      schema: {
        tags: ['prepayment'],
        summary: "Register a meter's STS identity and key data so it can be sold to",
        body: registerPrepaidMeterBody,
        response: { 201: prepaidMeterSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(toMeterJson(await registerPrepaidMeter(request.db, request.context, request.body))),
  );

  app.get(
    '/v1/prepaid/meters/:meterId',
    {
      config: { permission: 'prepayment:read' },
      schema: {
        tags: ['prepayment'],
        summary: "A prepaid meter's STS identity, key data and last TID",
        params: z.object({ meterId: z.uuid() }),
        response: { 200: prepaidMeterSchema },
      },
    },
    async (request) =>
      toMeterJson(
        await getPrepaidMeter(
          request.db,
          request.context,
          { meterId: request.params.meterId },
          { lock: false },
        ),
      ),
  );

  app.get(
    '/v1/prepaid/deduction-rules',
    {
      config: { permission: 'prepayment:read' },
      schema: {
        tags: ['prepayment'],
        summary: 'The deduction rules in force, in the order they apply',
        response: { 200: deductionRulesSchema },
      },
    },
    async (request) => ({
      rules: (await listDeductionRules(request.db, request.context.companyId)).map(toRuleJson),
    }),
  );

  app.put(
    '/v1/prepaid/deduction-rules',
    {
      config: { permission: 'prepayment:write' },
      schema: {
        tags: ['prepayment'],
        summary: 'Replace the deduction rules; they apply in the order given',
        body: setDeductionRulesBody,
        response: { 200: deductionRulesSchema },
      },
    },
    async (request) => ({
      rules: (await setDeductionRules(request.db, request.context, request.body.rules)).map(toRuleJson),
    }),
  );

  app.post(
    '/v1/prepaid/free-basic-allowances',
    {
      config: { permission: 'prepayment:write' },
      schema: {
        tags: ['prepayment'],
        summary:
          'Grant an account free basic electricity, water or gas each month, issued as its own token with the first purchase for a meter of that service',
        body: grantFreeBasicAllowanceBody,
        response: { 201: allowanceSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await grantFreeBasicAllowance(request.db, request.context, request.body)),
  );

  app.post(
    '/v1/prepaid/meters/:meterId/engineering-tokens',
    {
      config: { permission: 'engineering-tokens:write' },
      schema: {
        tags: ['prepayment'],
        summary: 'Issue a management or test token to a meter, with the reason, for authorised staff',
        description:
          "Set a power or phase unbalance limit, clear credit, clear a tamper condition, set the water meter factor, or start a meter test. Each token is audited with its reason; those with a TID take the meter's next one.",
        params: z.object({ meterId: z.uuid() }),
        body: engineeringTokenBody,
        response: { 201: engineeringTokenSchema },
      },
    },
    async (request, reply) => {
      const token = await issueEngineeringToken(
        request.db,
        request.context,
        tokenIssuer,
        request.params.meterId,
        request.body,
      );
      return reply.code(201).send({ ...token, tokenGroups: token.token.replace(/(\d{4})(?=\d)/g, '$1 ') });
    },
  );
};
