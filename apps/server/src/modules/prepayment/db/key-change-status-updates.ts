import type { Trx } from '../../../platform/context/request-context.js';
import type { KeyChangeCampaignStatus } from '../domain/key-change-campaign.js';

/** Marks the meter confirmed in the campaign whose key change tokens the vend carried, if any. */
export async function confirmKeyChange(trx: Trx, companyId: string, vendId: string, at: Date): Promise<void> {
  await trx
    .updateTable('prepayment.key_change_campaign_meter')
    .set({ status: 'confirmed', confirmed_at: at, updated_at: new Date() })
    .where('company_id', '=', companyId)
    .where('vend_id', '=', vendId)
    .where('status', '=', 'issued')
    .execute();
}

/**
 * Finds the campaign whose key change tokens the vend carried (null for a key change the meter was
 * registered with) and its status, and the campaign in which the vend's meter is not started now.
 */
export async function findKeyChangeOfVend(
  trx: Trx,
  companyId: string,
  vendId: string,
  meterId: string,
): Promise<{ campaignStatus: KeyChangeCampaignStatus | null; laterCampaignId: string | null }> {
  const carried = await trx
    .selectFrom('prepayment.key_change_campaign_meter as campaign_meter')
    .innerJoin('prepayment.key_change_campaign as campaign', (join) =>
      join
        .onRef('campaign.company_id', '=', 'campaign_meter.company_id')
        .onRef('campaign.id', '=', 'campaign_meter.campaign_id'),
    )
    .select('campaign.status')
    .where('campaign_meter.company_id', '=', companyId)
    .where('campaign_meter.vend_id', '=', vendId)
    .executeTakeFirst();
  const later = await trx
    .selectFrom('prepayment.key_change_campaign_meter')
    .select('campaign_id')
    .where('company_id', '=', companyId)
    .where('meter_id', '=', meterId)
    .where('status', '=', 'not-started')
    .executeTakeFirst();
  return { campaignStatus: carried?.status ?? null, laterCampaignId: later?.campaign_id ?? null };
}

/**
 * Moves the meter's campaign row out of issued once the vend that carried its key change tokens is
 * reversed: back to not started, or to superseded by a later campaign, or to cancelled when its campaign
 * was cancelled meanwhile. The vend no longer counts as having issued anything.
 */
export async function returnKeyChangeOfVend(
  trx: Trx,
  companyId: string,
  vendId: string,
  outcome:
    { campaignMeter: 'not-started' | 'cancelled' } | { campaignMeter: 'superseded'; supersededBy: string },
): Promise<void> {
  const now = new Date();
  await trx
    .updateTable('prepayment.key_change_campaign_meter')
    .set({
      status: outcome.campaignMeter,
      vend_id: null,
      issued_at: null,
      superseded_by: outcome.campaignMeter === 'superseded' ? outcome.supersededBy : null,
      superseded_at: outcome.campaignMeter === 'superseded' ? now : null,
      cancelled_at: outcome.campaignMeter === 'cancelled' ? now : null,
      updated_at: now,
    })
    .where('company_id', '=', companyId)
    .where('vend_id', '=', vendId)
    .where('status', '=', 'issued')
    .execute();
}
