import { sql } from 'kysely';
import { z } from 'zod';
import type { DecoderKeyData } from '@open-cis/sts';
import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { createdFields, recordAudit } from '../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { newId } from '../../../platform/ids/new-id.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { keyDataSchema } from '../domain/prepayment-setup-schemas.js';
import { keyColumns, pendingKeyColumns } from '../db/prepaid-meter-queries.js';

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
    message: 'Expected either meterIds or sgc, not both',
    path: ['meterIds'],
  });

/** A campaign and where its meters stand. */
export type KeyChangeCampaign = {
  id: string;
  name: string;
  newKey: DecoderKeyData;
  /** Meters whose key change tokens have not gone out yet: their next purchase carries them. */
  notStarted: number;
  /** Meters whose key change tokens went out with a vend that the channel has not confirmed. */
  issued: number;
  confirmed: number;
};

/**
 * Starts a key change for the listed meters or a whole supply group: each gets the new key as its pending
 * key, and its next purchase hands out the key change tokens before the credit (see issueVendTokens). A
 * meter that already has a pending key, or already has the new key, is left out.
 */
export async function createKeyChangeCampaign(
  db: DbOrTrx,
  context: RequestContext,
  input: z.input<typeof createKeyChangeCampaignBody>,
): Promise<KeyChangeCampaign> {
  assertPermission(context, 'prepayment:write');
  const body = parseInput(createKeyChangeCampaignBody, input, 'PREPAYMENT.INVALID_KEY_CHANGE_CAMPAIGN');
  const id = newId();
  const key = body.newKey;
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto('prepayment.key_change_campaign')
      .values({
        company_id: context.companyId,
        id,
        name: body.name,
        ...keyColumns(key),
      })
      .execute();
    let query = trx
      .updateTable('prepayment.prepaid_meter')
      .set({ ...pendingKeyColumns(key), key_change_campaign_id: id, updated_at: new Date() })
      .where('company_id', '=', context.companyId)
      .where('pending_sgc', 'is', null)
      .where(
        sql<boolean>`(sgc, ti, krn, kt, ken, base_date, dkga, ea) is distinct from
          (${key.sgc}, ${key.ti}::smallint, ${key.krn}::smallint, ${key.kt}::smallint, ${key.ken}::smallint,
           ${key.baseDate}::date, ${key.dkga}, ${key.ea})`,
      );
    query =
      body.meterIds === undefined
        ? query.where('sgc', '=', body.sgc!)
        : query.where('meter_id', 'in', body.meterIds);
    const updated = await query.executeTakeFirst();
    await recordAudit(trx, context, [
      {
        entityType: 'key-change-campaign',
        entityId: id,
        action: 'create',
        changes: createdFields({
          name: body.name,
          new_key: key,
          meters: Number(updated.numUpdatedRows),
          ...(body.sgc === undefined ? {} : { supply_group: body.sgc }),
        }),
      },
    ]);
  });
  return getKeyChangeCampaign(db, context, id);
}

export async function getKeyChangeCampaign(
  db: DbOrTrx,
  context: RequestContext,
  campaignId: string,
): Promise<KeyChangeCampaign> {
  assertPermission(context, 'prepayment:read');
  const campaign = await db
    .selectFrom('prepayment.key_change_campaign')
    .selectAll()
    .where('company_id', '=', context.companyId)
    .where('id', '=', campaignId)
    .executeTakeFirst();
  if (!campaign) {
    throw notFound(
      'PREPAYMENT.KEY_CHANGE_CAMPAIGN_NOT_FOUND',
      `Key change campaign ${campaignId} does not exist.`,
    );
  }
  const counts = await db
    .selectFrom('prepayment.prepaid_meter')
    .select([
      sql<string>`count(*) filter (where pending_sgc is not null)`.as('not_started'),
      sql<string>`count(*) filter (where pending_sgc is null and key_change_confirmed_at is null)`.as(
        'issued',
      ),
      sql<string>`count(*) filter (where key_change_confirmed_at is not null)`.as('confirmed'),
    ])
    .where('company_id', '=', context.companyId)
    .where('key_change_campaign_id', '=', campaignId)
    .executeTakeFirstOrThrow();
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
    notStarted: Number(counts.not_started),
    issued: Number(counts.issued),
    confirmed: Number(counts.confirmed),
  };
}
