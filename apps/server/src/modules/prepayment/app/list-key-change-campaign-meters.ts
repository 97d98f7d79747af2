import { z } from 'zod';
import { assertPermission } from '../../../platform/auth/assert-permission.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { pageQuerySchema, type Page } from '../../../platform/validation/page.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import { keyChangeMeterStatuses, type KeyChangeCampaignMeter } from '../domain/key-change-campaign.js';
import { selectCampaignMeterPage } from '../db/key-change-campaign-queries.js';
import { getKeyChangeCampaignRow } from './key-change-campaigns.js';

/** The query of GET /v1/prepaid/key-change-campaigns/:campaignId/meters. */
export const listKeyChangeCampaignMetersQuery = pageQuerySchema.extend({
  status: z
    .enum(keyChangeMeterStatuses)
    .optional()
    .describe('Only the meters with this status in the campaign; all of them when absent'),
});

/** Lists a page of a campaign's meters in PAN order, each with its status and timestamps. */
export async function listKeyChangeCampaignMeters(
  db: DbOrTrx,
  context: RequestContext,
  campaignId: string,
  input: z.input<typeof listKeyChangeCampaignMetersQuery> = {},
): Promise<Page<KeyChangeCampaignMeter>> {
  assertPermission(context, 'prepayment:read');
  const query = parseInput(listKeyChangeCampaignMetersQuery, input, 'PREPAYMENT.INVALID_REQUEST');
  await getKeyChangeCampaignRow(db, context.companyId, campaignId, { lock: false });
  const { items, total } = await selectCampaignMeterPage(db, context.companyId, campaignId, query);
  return { items, total, limit: query.limit, offset: query.offset };
}
