import { z } from 'zod';
import type { DecoderKeyData, TokenIssuer } from '@open-cis/sts';
import { Temporal } from 'temporal-polyfill';
import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { notFound, ruleViolation } from '../../../platform/errors/app-error.js';
import { newId } from '../../../platform/ids/new-id.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { KeyChangeCampaign } from '../domain/key-change-campaign.js';
import { keyDataSchema } from '../domain/prepayment-setup-schemas.js';
import {
  addCampaignMeters,
  countCampaignMeters,
  findKeyChangeCampaignRow,
  type KeyChangeCampaignRow,
} from '../db/key-change-campaign-queries.js';
import { findPrepaidMeter, keyColumns } from '../db/prepaid-meter-queries.js';

export type { KeyChangeCampaign };

/** The body of POST /v1/prepaid/key-change-campaigns. */
export const createKeyChangeCampaignBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    newKey: keyDataSchema.describe('The key the meters move to: a new key revision, or a new base date'),
    meterIds: z.array(z.uuid()).min(1).max(10_000).optional().describe('The meters to change'),
    sgc: z
      .string()
      .regex(/^\d{6}$/, 'Expected the 6-digit supply group code')
      .optional()
      .describe('Every meter of this supply group instead of a list'),
  })
  .refine((body) => (body.meterIds === undefined) !== (body.sgc === undefined), {
    message: 'Expected exactly one of meterIds and sgc',
    path: ['meterIds'],
  });

/**
 * Starts a key change for the listed meters or a whole supply group: each gets the new key as its pending
 * key, and its next purchase hands out the key change tokens before the credit (see issueVendTokens). A
 * meter that has not started in an earlier campaign moves to this one and is superseded there. A meter
 * with the new key already, or with a pending key it was registered with, is left out.
 */
export async function createKeyChangeCampaign(
  db: DbOrTrx,
  context: RequestContext,
  issuer: TokenIssuer | undefined,
  input: z.input<typeof createKeyChangeCampaignBody>,
  options: { now?: () => Temporal.Instant } = {},
): Promise<KeyChangeCampaign> {
  assertPermission(context, 'prepayment:write');
  const body = parseInput(createKeyChangeCampaignBody, input, 'PREPAYMENT.INVALID_KEY_CHANGE_CAMPAIGN');
  const id = newId();
  const key = body.newKey;
  const today = (options.now ?? (() => Temporal.Now.instant()))().toString().slice(0, 10);
  if (key.baseDate > today) {
    throw ruleViolation(
      'PREPAYMENT.BASE_DATE_IN_FUTURE',
      `The new key's base date ${key.baseDate} has not come yet, so no TID can be counted from it; roll over to it once it has.`,
      [{ path: 'newKey.baseDate', message: `Expected a base date up to today, got ${key.baseDate}.` }],
    );
  }
  await inTransaction(db, async (trx) => {
    await checkCampaignMeters(trx, context, issuer, body);
    await trx
      .insertInto('prepayment.key_change_campaign')
      .values({
        company_id: context.companyId,
        id,
        name: body.name,
        ...keyColumns(key),
      })
      .execute();
    const scope = body.meterIds === undefined ? { sgc: body.sgc! } : { meterIds: body.meterIds };
    const { added, superseded } = await addCampaignMeters(trx, context.companyId, { id, key }, scope);
    await recordAudit(trx, context, [
      {
        entityType: 'key-change-campaign',
        entityId: id,
        action: 'create',
        changes: createdFields({
          name: body.name,
          new_key: key,
          meters: added,
          superseded_meters: superseded,
          ...(body.sgc === undefined ? {} : { supply_group: body.sgc }),
        }),
      },
    ]);
  });
  return getKeyChangeCampaign(db, context, id);
}

/**
 * Rejects a campaign that names meters that are not prepaid meters of the company, or whose new key the
 * token issuer cannot use: every sale to its meters would then fail. The check issues (and throws away) the
 * key change set of one of its meters.
 */
async function checkCampaignMeters(
  trx: DbOrTrx,
  context: RequestContext,
  issuer: TokenIssuer | undefined,
  body: z.output<typeof createKeyChangeCampaignBody>,
): Promise<void> {
  let query = trx
    .selectFrom('prepayment.prepaid_meter')
    .select('meter_id')
    .where('company_id', '=', context.companyId);
  query =
    body.meterIds === undefined
      ? query.where('sgc', '=', body.sgc!)
      : query.where('meter_id', 'in', body.meterIds);
  const found = new Set((await query.execute()).map((row) => row.meter_id));
  const unknown = (body.meterIds ?? []).filter((meterId) => !found.has(meterId));
  if (unknown.length > 0) {
    throw ruleViolation(
      'PREPAYMENT.KEY_CHANGE_METERS_NOT_FOUND',
      `${unknown.length} of the meters are not prepaid meters of this company: ${unknown.slice(0, 10).join(', ')}. Register them (POST /v1/prepaid/meters) or leave them out.`,
      [
        {
          path: 'meterIds',
          message: `Expected prepaid meters of this company, got ${unknown.slice(0, 10).join(', ')}.`,
        },
      ],
    );
  }
  const [sample] = found;
  if (sample === undefined) {
    throw ruleViolation(
      'PREPAYMENT.KEY_CHANGE_METERS_NOT_FOUND',
      `No prepaid meter of this company has supply group code ${body.sgc ?? ''}.`,
      [{ path: 'sgc', message: `Expected the supply group code of prepaid meters, got ${body.sgc ?? ''}.` }],
    );
  }
  if (!issuer) {
    throw ruleViolation(
      'PREPAYMENT.TOKEN_ISSUER_NOT_CONFIGURED',
      'This server has no STS token issuer: set STS_VENDING_KEYS_FILE (or STS_VENDING_KEYS) to the vending keys, or STS_TOKEN_ISSUER=hsm, and restart it.',
    );
  }
  const meter = await findPrepaidMeter(trx, context.companyId, { meterId: sample }, { lock: false });
  if (!meter) return;
  const trial = await issuer.issueKeyChange({ pan: meter.pan, key: meter.key }, body.newKey, {
    rollover: body.newKey.baseDate !== meter.key.baseDate,
  });
  if (trial.kind === 'rejected') {
    const reasons = trial.rejections.map((rejection) => rejection.message).join(' ');
    throw ruleViolation(
      'PREPAYMENT.KEY_CHANGE_NOT_ISSUABLE',
      `The key change to the new key cannot be issued for meter ${meter.pan}, so no sale to the campaign's meters could go through: ${reasons}`,
      [{ path: 'newKey', message: reasons }],
    );
  }
}

/** Returns the campaign with the number of its meters at each status, or throws not-found. */
export async function getKeyChangeCampaign(
  db: DbOrTrx,
  context: RequestContext,
  campaignId: string,
): Promise<KeyChangeCampaign> {
  assertPermission(context, 'prepayment:read');
  const campaign = await getKeyChangeCampaignRow(db, context.companyId, campaignId, { lock: false });
  const counts = await countCampaignMeters(db, context.companyId, campaignId);
  return {
    id: campaign.id,
    name: campaign.name,
    newKey: {
      sgc: campaign.sgc,
      ti: campaign.ti,
      krn: campaign.krn,
      kt: campaign.kt as DecoderKeyData['kt'],
      ken: campaign.ken,
      baseDate: campaign.base_date as DecoderKeyData['baseDate'],
      dkga: campaign.dkga,
      ea: campaign.ea,
    },
    status: campaign.status,
    createdAt: campaign.created_at.toISOString(),
    cancelledAt: campaign.cancelled_at?.toISOString() ?? null,
    cancellationReason: campaign.cancellation_reason,
    notStarted: counts['not-started'] ?? 0,
    issued: counts.issued ?? 0,
    confirmed: counts.confirmed ?? 0,
    superseded: counts.superseded ?? 0,
    cancelled: counts.cancelled ?? 0,
  };
}

/** Returns the campaign's row, locked until the transaction ends when `lock` is set, or throws not-found. */
export async function getKeyChangeCampaignRow(
  db: DbOrTrx,
  companyId: string,
  campaignId: string,
  options: { lock: boolean },
): Promise<KeyChangeCampaignRow> {
  const campaign = await findKeyChangeCampaignRow(db, companyId, campaignId, options);
  if (campaign) return campaign;
  throw notFound(
    'PREPAYMENT.KEY_CHANGE_CAMPAIGN_NOT_FOUND',
    `Key change campaign ${campaignId} does not exist in this company: check the id.`,
  );
}
