import { randomInt } from 'node:crypto';
import {
  chooseNextTid,
  computeMinutesSinceBaseDate,
  type KeyChangeTokenType,
  type TokenContent,
  type TokenIssuer,
} from '@open-cis/sts';

/** The content of a token that is not part of a key change set. */
type PlainTokenContent = Exclude<TokenContent, { type: KeyChangeTokenType }>;
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { Db, RequestContext } from '../../../platform/context/request-context.js';
import { ruleViolation } from '../../../platform/errors/app-error.js';
import { newId } from '../../../platform/ids/new-id.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { PrepaidMeter } from '../domain/prepaid-meter.js';
import type { PrepaidService } from '../domain/prepaid-service.js';
import { updateLastTid } from '../db/prepaid-meter-queries.js';
import { getPrepaidMeter } from './get-prepaid-meter.js';
import { withArticle } from '../../../platform/text/with-article.js';

const reason = z.string().trim().min(1).max(300).describe('Why the token is issued, for the audit trail');

/** The body of POST /v1/prepaid/meters/:meterId/engineering-tokens: one management or test token. */
export const engineeringTokenBody = z.discriminatedUnion('type', [
  z.object({
    type: z.enum(['SetMaximumPowerLimit', 'SetMaximumPhasePowerUnbalanceLimit']),
    watts: z.number().int().min(0).max(1_000_000_000).describe('The limit in watts'),
    reason,
  }),
  z.object({
    type: z.literal('ClearCredit'),
    register: z
      .union([z.literal('all'), z.literal(0), z.literal(1), z.literal(2), z.literal(3)])
      .describe('The credit register cleared: 0 electricity, 1 water, 2 gas, 3 time, or all'),
    reason,
  }),
  z.object({ type: z.literal('ClearTamperCondition'), reason }),
  z.object({
    type: z.literal('SetWaterMeterFactor'),
    factor: z.number().int().min(0).max(0xffff),
    reason,
  }),
  z.object({
    type: z.literal('InitiateMeterTestOrDisplay'),
    control: z
      .string()
      .regex(/^[0-9]{1,11}$/, 'Expected the test control bits as a decimal number')
      .describe('The 36-bit control field of a class 1 subclass 0 token'),
    manufacturerCode: z.number().int().min(0).max(255),
    reason,
  }),
]);

export type EngineeringTokenInput = z.input<typeof engineeringTokenBody>;

/** An engineering token as issued and stored. */
export type EngineeringToken = {
  id: string;
  meterId: string;
  pan: string;
  tokenType: string;
  parameter: string | null;
  token: string;
  tid: number | null;
  reason: string;
  issuedAt: string;
};

/**
 * Issues a management or test token to a prepaid meter outside a sale, for authorised staff only
 * (`engineering-tokens:write`), and records it with its reason in the audit trail. A token with a TID
 * takes the meter's next one under the meter's row lock, so it never shares one with a vend. A class 1
 * test token has no TID and is not encrypted.
 */
export async function issueEngineeringToken(
  db: Db,
  context: RequestContext,
  issuer: TokenIssuer | undefined,
  meterId: string,
  input: EngineeringTokenInput,
  options: { now?: () => Temporal.Instant } = {},
): Promise<EngineeringToken> {
  assertPermission(context, 'engineering-tokens:write');
  const body = parseInput(engineeringTokenBody, input, 'PREPAYMENT.INVALID_ENGINEERING_TOKEN');
  if (!issuer) {
    throw ruleViolation(
      'PREPAYMENT.TOKEN_ISSUER_NOT_CONFIGURED',
      'This server has no STS token issuer: set STS_VENDING_KEYS_FILE (or STS_VENDING_KEYS) to the vending keys, or STS_TOKEN_ISSUER=hsm, and restart it.',
    );
  }
  const at = (options.now ?? (() => Temporal.Now.instant()))();
  return db.transaction().execute(async (trx) => {
    const meter = await getPrepaidMeter(trx, context, { meterId }, { lock: true });
    assertTokenFitsService(body.type, meter);
    const hasTid = body.type !== 'InitiateMeterTestOrDisplay';
    const tid = hasTid
      ? chooseNextTid(computeMinutesSinceBaseDate(at, meter.key.baseDate), meter.lastTid ?? undefined)
      : null;
    if (hasTid && tid === undefined) {
      throw ruleViolation(
        'PREPAYMENT.TID_RANGE_EXHAUSTED',
        `Meter ${meter.pan} has no TID left under base date ${meter.key.baseDate}: it needs a TID rollover key change first.`,
      );
    }
    const { content, parameter } = describeContent(body, tid ?? 0);
    const result = await issuer.issueToken({ pan: meter.pan, key: meter.key }, content);
    if (result.kind === 'rejected') {
      throw ruleViolation(
        'PREPAYMENT.TOKEN_REJECTED',
        `The ${body.type} token for meter ${meter.pan} was rejected: ${result.rejections.map((rejection) => rejection.message).join(' ')}`,
      );
    }
    if (tid !== null && tid !== undefined) await updateLastTid(trx, context.companyId, meter.meterId, tid);
    const token: EngineeringToken = {
      id: newId(),
      meterId: meter.meterId,
      pan: meter.pan,
      tokenType: body.type,
      parameter,
      token: result.token,
      tid: tid ?? null,
      reason: body.reason,
      issuedAt: new Date(at.epochMilliseconds).toISOString(),
    };
    await trx
      .insertInto('prepayment.engineering_token')
      .values({
        company_id: context.companyId,
        id: token.id,
        meter_id: token.meterId,
        token_type: token.tokenType,
        parameter: token.parameter,
        token: token.token,
        tid: token.tid,
        base_date: meter.key.baseDate,
        reason: token.reason,
        actor_kind: context.actor.kind,
        actor_id: context.actor.id,
        issued_at: token.issuedAt,
      })
      .execute();
    // The audit keeps what was issued, to whom and why, but not the token's digits.
    await recordAudit(trx, context, [
      {
        entityType: 'engineering-token',
        entityId: token.id,
        action: 'create',
        changes: createdFields({
          meter_id: token.meterId,
          pan: token.pan,
          token_type: token.tokenType,
          parameter: token.parameter,
          tid: token.tid,
          reason: token.reason,
        }),
      },
    ]);
    return token;
  });
}

/** The services whose meters take a management token that only some meters have. */
const servicesOfToken: Partial<Record<EngineeringTokenInput['type'], PrepaidService>> = {
  SetMaximumPowerLimit: 'electricity',
  SetMaximumPhasePowerUnbalanceLimit: 'electricity',
  SetWaterMeterFactor: 'water',
};

/** Rejects a power limit for a water or gas meter and a water meter factor for any meter but water. */
function assertTokenFitsService(type: EngineeringTokenInput['type'], meter: PrepaidMeter): void {
  const service = servicesOfToken[type];
  if (service === undefined || service === meter.service) return;
  throw ruleViolation(
    'PREPAYMENT.SERVICE_MISMATCH',
    `Meter ${meter.pan} is ${withArticle(meter.service)} meter, but a ${type} token is for ${service} meters only.`,
    [{ path: 'type', message: `not for ${withArticle(meter.service)} meter` }],
  );
}

function describeContent(
  body: z.output<typeof engineeringTokenBody>,
  tid: number,
): { content: PlainTokenContent; parameter: string | null } {
  const rnd = randomInt(16);
  switch (body.type) {
    case 'SetMaximumPowerLimit':
    case 'SetMaximumPhasePowerUnbalanceLimit':
      return {
        content: { type: body.type, rnd, tid, amount: BigInt(body.watts) },
        parameter: `${body.watts} W`,
      };
    case 'ClearCredit':
      return {
        content: {
          type: 'ClearCredit',
          rnd,
          tid,
          register: body.register === 'all' ? 0xffff : body.register,
        },
        parameter: `register ${body.register}`,
      };
    case 'ClearTamperCondition':
      return { content: { type: 'ClearTamperCondition', rnd, tid, pad: 0 }, parameter: null };
    case 'SetWaterMeterFactor':
      return {
        content: { type: 'SetWaterMeterFactor', rnd, tid, factor: body.factor },
        parameter: `factor ${body.factor}`,
      };
    case 'InitiateMeterTestOrDisplay':
      return {
        content: {
          type: 'InitiateMeterTestOrDisplay',
          subclass: 0,
          control: BigInt(body.control),
          manufacturerCode: body.manufacturerCode,
        },
        parameter: `control ${body.control}, manufacturer ${body.manufacturerCode}`,
      };
  }
}
