import { z } from 'zod';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { pageSchema } from '../../../platform/validation/page.js';
import { cancelKeyChangeCampaign, cancelKeyChangeCampaignBody } from '../app/cancel-key-change-campaign.js';
import {
  createKeyChangeCampaign,
  createKeyChangeCampaignBody,
  getKeyChangeCampaign,
} from '../app/key-change-campaigns.js';
import {
  listKeyChangeCampaignMeters,
  listKeyChangeCampaignMetersQuery,
} from '../app/list-key-change-campaign-meters.js';
import { keyChangeMeterStatuses } from '../domain/key-change-campaign.js';
import { keyDataSchema } from '../domain/prepayment-setup-schemas.js';

const keyChangeCampaignSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    newKey: keyDataSchema,
    status: z.enum(['active', 'cancelled']),
    createdAt: z.iso.datetime(),
    cancelledAt: z.iso.datetime().nullable(),
    cancellationReason: z.string().nullable(),
    notStarted: z.number().int().describe('Meters whose next purchase will carry the key change tokens'),
    issued: z.number().int().describe('Meters whose key change tokens went out with an unconfirmed vend'),
    confirmed: z.number().int().describe('Meters whose key change vend the channel confirmed'),
    superseded: z
      .number()
      .int()
      .describe("Meters that a later campaign took before this campaign's tokens went out"),
    cancelled: z
      .number()
      .int()
      .describe('Meters whose pending key the cancellation cleared before their tokens went out'),
  })
  .meta({ id: 'KeyChangeCampaign' });

const campaignMeterSchema = z
  .object({
    meterId: z.uuid(),
    pan: z.string(),
    status: z.enum(keyChangeMeterStatuses),
    vendId: z.uuid().nullable().describe('The vend that carried the key change tokens, once issued'),
    supersededBy: z.uuid().nullable().describe('The later campaign that took the meter, when superseded'),
    addedAt: z.iso.datetime(),
    issuedAt: z.iso.datetime().nullable(),
    confirmedAt: z.iso.datetime().nullable(),
    supersededAt: z.iso.datetime().nullable(),
    cancelledAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'KeyChangeCampaignMeter' });

const campaignParams = z.object({ campaignId: z.uuid() });

/** Registers the key change campaign routes: start one, follow its meters, cancel it. */
export const keyChangeCampaignRoutes: RoutePlugin = (app, { tokenIssuer }) => {
  app.post(
    '/v1/prepaid/key-change-campaigns',
    {
      config: { permission: 'prepayment:write' },
      schema: {
        tags: ['prepayment'],
        summary: 'Start a key change for some meters or a supply group; their next purchases carry it',
        description:
          'Each meter gets the new key as its pending key. Its next vend returns the key change tokens first (issued under the old key), then the credit under the new key. A meter whose tokens of an earlier campaign have not gone out moves to this campaign, and is superseded in the earlier one. A meter with the new key already, or with a pending key it was registered with, is left out.',
        body: createKeyChangeCampaignBody,
        response: { 201: keyChangeCampaignSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createKeyChangeCampaign(request.db, request.context, tokenIssuer, request.body)),
  );

  app.get(
    '/v1/prepaid/key-change-campaigns/:campaignId',
    {
      config: { permission: 'prepayment:read' },
      schema: {
        tags: ['prepayment'],
        summary:
          "A key change campaign with its meters' progress: not started, issued, confirmed, superseded, cancelled",
        params: campaignParams,
        response: { 200: keyChangeCampaignSchema },
      },
    },
    async (request) => getKeyChangeCampaign(request.db, request.context, request.params.campaignId),
  );

  app.get(
    '/v1/prepaid/key-change-campaigns/:campaignId/meters',
    {
      config: { permission: 'prepayment:read' },
      schema: {
        tags: ['prepayment'],
        summary: "A page of the campaign's meters in PAN order, each with its status; filter by status",
        params: campaignParams,
        querystring: listKeyChangeCampaignMetersQuery,
        response: { 200: pageSchema(campaignMeterSchema) },
      },
    },
    async (request) =>
      listKeyChangeCampaignMeters(request.db, request.context, request.params.campaignId, request.query),
  );

  app.post(
    '/v1/prepaid/key-change-campaigns/:campaignId/cancel',
    {
      config: { permission: 'prepayment:write' },
      schema: {
        tags: ['prepayment'],
        summary: 'Cancel a key change campaign: meters whose tokens have not gone out lose the pending key',
        description:
          'Meters not started in the campaign lose its pending key and become cancelled, so their next purchases carry no key change. Meters whose key change tokens went out keep the new key. Cancelling a cancelled campaign is a 409 (PREPAYMENT.KEY_CHANGE_CAMPAIGN_CANCELLED).',
        params: campaignParams,
        body: cancelKeyChangeCampaignBody,
        response: { 200: keyChangeCampaignSchema },
      },
    },
    async (request) =>
      cancelKeyChangeCampaign(request.db, request.context, request.params.campaignId, request.body),
  );
};
