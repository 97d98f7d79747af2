import { z } from 'zod';
import { assertPermission } from '../../../platform/auth/assert-permission.js';
import { recordAudit } from '../../../platform/audit/record-audit.js';
import type { DbOrTrx, RequestContext } from '../../../platform/context/request-context.js';
import { inTransaction } from '../../../platform/db/in-transaction.js';
import { conflict } from '../../../platform/errors/app-error.js';
import { parseInput } from '../../../platform/validation/parse-input.js';
import type { KeyChangeCampaign } from '../domain/key-change-campaign.js';
import { cancelNotStartedMeters } from '../db/key-change-campaign-queries.js';
import { getKeyChangeCampaign, getKeyChangeCampaignRow } from './key-change-campaigns.js';

/** The body of POST /v1/prepaid/key-change-campaigns/:campaignId/cancel. */
export const cancelKeyChangeCampaignBody = z.object({
  reason: z.string().trim().min(1).max(300).describe('Why the campaign stops, for the audit trail'),
});

/**
 * Cancels a campaign: its meters that have not started lose their pending key and become cancelled, so
 * their next purchases carry no key change. Meters whose key change tokens went out keep the new key and
 * their status. A cancelled campaign is a PREPAYMENT.KEY_CHANGE_CAMPAIGN_CANCELLED conflict.
 */
export async function cancelKeyChangeCampaign(
  db: DbOrTrx,
  context: RequestContext,
  campaignId: string,
  input: z.input<typeof cancelKeyChangeCampaignBody>,
): Promise<KeyChangeCampaign> {
  assertPermission(context, 'prepayment:write');
  const { reason } = parseInput(cancelKeyChangeCampaignBody, input, 'PREPAYMENT.INVALID_REQUEST');
  await inTransaction(db, async (trx) => {
    // The campaign's row lock makes a second cancellation wait, then find the campaign cancelled.
    const campaign = await getKeyChangeCampaignRow(trx, context.companyId, campaignId, { lock: true });
    if (campaign.status === 'cancelled') {
      throw conflict(
        'PREPAYMENT.KEY_CHANGE_CAMPAIGN_CANCELLED',
        `Key change campaign ${campaignId} was cancelled already at ${campaign.cancelled_at?.toISOString() ?? '?'} (reason: ${campaign.cancellation_reason ?? ''}), so there is nothing left to cancel. Start a new campaign to change these meters' keys again.`,
      );
    }
    const cancelledMeters = await cancelNotStartedMeters(trx, context.companyId, campaignId);
    const cancelledAt = new Date();
    await trx
      .updateTable('prepayment.key_change_campaign')
      .set({ status: 'cancelled', cancelled_at: cancelledAt, cancellation_reason: reason })
      .where('company_id', '=', context.companyId)
      .where('id', '=', campaignId)
      .execute();
    await recordAudit(trx, context, [
      {
        entityType: 'key-change-campaign',
        entityId: campaignId,
        action: 'update',
        changes: {
          status: ['active', 'cancelled'],
          cancellation_reason: [null, reason],
          cancelled_meters: [null, cancelledMeters],
        },
      },
    ]);
  });
  return getKeyChangeCampaign(db, context, campaignId);
}
