import { z } from 'zod';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { getCompany } from '../app/get-company.js';

export const companySchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    currency: z.string().length(3).describe('ISO 4217 currency code'),
    currencyMinorUnit: z.number().int().describe('ISO 4217 exponent: amounts are integers of 10^-minorUnit'),
    timeZone: z.string().describe('IANA time zone'),
    locale: z.string().describe('BCP 47 language tag'),
    roundingMode: z.enum(['half-up', 'half-even']),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Company' });

export const companyRoutes: RoutePlugin = (app) => {
  app.get(
    '/v1/company',
    {
      config: { permission: 'companies:read' },
      schema: {
        tags: ['companies'],
        summary: "The caller's company: currency, time zone, locale and rounding",
        response: { 200: companySchema },
      },
    },
    (request) => getCompany(request.db, request.context.companyId),
  );
};
