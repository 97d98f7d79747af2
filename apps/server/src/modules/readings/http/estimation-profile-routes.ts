import { z } from 'zod';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { setEstimationProfile, setEstimationProfileInput } from '../app/set-estimation-profile.js';
import { listEstimationProfiles } from '../db/list-estimation-profiles.js';

const profileSchema = z
  .object({
    unit: z.enum(['kWh', 'm3', 'ft3', 'therm', 'gal']),
    name: z.string(),
    dailyQuantityByMonth: z
      .array(z.string())
      .length(12)
      .describe('Daily use in each calendar month, January first'),
  })
  .meta({ id: 'EstimationProfile' });

export const estimationProfileRoutes: RoutePlugin = (app) => {
  app.get(
    '/v1/estimation-profiles',
    {
      config: { permission: 'readings:read' },
      schema: {
        tags: ['readings'],
        summary: 'Daily-use profiles that estimate reads for service points without read history',
        response: { 200: z.object({ items: z.array(profileSchema) }) },
      },
    },
    async (request) => ({ items: await listEstimationProfiles(request.db, request.context.companyId) }),
  );

  app.put(
    '/v1/estimation-profiles/:unit',
    {
      config: { permission: 'readings:write' },
      schema: {
        tags: ['readings'],
        summary: "Set the company's estimation profile for a register unit",
        params: z.object({ unit: setEstimationProfileInput.shape.unit }),
        body: setEstimationProfileInput.omit({ unit: true }),
        response: { 200: profileSchema },
      },
    },
    (request) =>
      setEstimationProfile(request.db, request.context, { ...request.body, unit: request.params.unit }),
  );
};
