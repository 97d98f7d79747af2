import type { DecoderKeyData } from '@open-cis/sts';
import type { KeyChangeCampaignStatus, KeyChangeMeterStatus } from '../../../platform/db/schema.js';

export type { KeyChangeCampaignStatus, KeyChangeMeterStatus };

/**
 * The statuses of a meter in one campaign:
 * - `not-started`: the campaign's key is the meter's pending key, so its next vend carries the key change
 *   tokens. A meter is not started in one campaign at most.
 * - `issued`: a vend handed out the key change tokens, and the channel has not confirmed that vend.
 * - `confirmed`: the channel confirmed that vend.
 * - `superseded`: a later campaign took the meter before this campaign's tokens went out.
 * - `cancelled`: the campaign was cancelled before the meter's tokens went out.
 */
export const keyChangeMeterStatuses = [
  'not-started',
  'issued',
  'confirmed',
  'superseded',
  'cancelled',
] as const satisfies readonly KeyChangeMeterStatus[];

/** A campaign with the number of its meters at each status. */
export type KeyChangeCampaign = {
  id: string;
  name: string;
  newKey: DecoderKeyData;
  status: KeyChangeCampaignStatus;
  createdAt: string;
  cancelledAt: string | null;
  cancellationReason: string | null;
  notStarted: number;
  issued: number;
  confirmed: number;
  superseded: number;
  cancelled: number;
};

/** One meter of a campaign. */
export type KeyChangeCampaignMeter = {
  meterId: string;
  pan: string;
  status: KeyChangeMeterStatus;
  /** The vend that carried the key change tokens, while the meter is issued or confirmed. */
  vendId: string | null;
  /** The later campaign that took the meter, when superseded. */
  supersededBy: string | null;
  /** When the meter joined the campaign. */
  addedAt: string;
  issuedAt: string | null;
  confirmedAt: string | null;
  supersededAt: string | null;
  cancelledAt: string | null;
};

/**
 * Chooses the state that a reversed key change vend leaves: the meter's pending key once its old key is
 * back, and the status that the vend's campaign row (if any) moves to. The key change tokens never reached the meter, so:
 * - a later campaign's pending key stays, and the later campaign supersedes this one;
 * - a cancelled campaign leaves the meter with no pending key;
 * - otherwise the key the vend installed becomes pending again, and the next vend carries it.
 */
export function chooseKeyChangeAfterReversal(input: {
  installedKey: DecoderKeyData;
  pendingKey: DecoderKeyData | null;
  /** The campaign in which the meter is not started now, if any: its key is the pending key. */
  laterCampaignId: string | null;
  campaignStatus: KeyChangeCampaignStatus | null;
}):
  | { pendingKey: DecoderKeyData | null; campaignMeter: 'not-started' | 'cancelled' }
  | { pendingKey: DecoderKeyData; campaignMeter: 'superseded'; supersededBy: string } {
  if (input.laterCampaignId !== null) {
    if (input.pendingKey === null) {
      throw new Error(`Campaign ${input.laterCampaignId} has not started on a meter without a pending key.`);
    }
    return { pendingKey: input.pendingKey, campaignMeter: 'superseded', supersededBy: input.laterCampaignId };
  }
  if (input.campaignStatus === 'cancelled') return { pendingKey: null, campaignMeter: 'cancelled' };
  return { pendingKey: input.installedKey, campaignMeter: 'not-started' };
}
