import { formatMinorUnits } from '@open-cis/rating';
import { z } from 'zod';
import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { checkRateForAccount } from '../app/rate-check/check-rate-for-account.js';
import { checkRateForUsage } from '../app/rate-check/check-rate-for-usage.js';
import type { RateCheck } from '../domain/rate-check.js';
import { rateCheckBody, rateCheckSchema, type RateCheckLineTrace } from './rate-check-schemas.js';

// A year of 15-minute readings as JSON is about 3 MB.
const rateCheckBodyLimitBytes = 8 * 1024 * 1024;

export const rateCheckRoutes: RoutePlugin = (app) => {
  app.post(
    '/v1/tariffs/:tariffId/rate-check',
    {
      config: { permission: 'rates:read' },
      bodyLimit: rateCheckBodyLimitBytes,
      schema: {
        tags: ['rates'],
        summary:
          'Rate typed usage or an account history on the tariff and return the bill lines, writing nothing',
        description:
          'Typed usage is rated as one billing period. An account is rated as a bill run with its cut-off on periodEnd would rate it, had it been billed up to periodStart on this tariff: each of its agreements for the tariff service becomes a segment, measured from the reads around periodStart to the latest actual read by periodEnd (estimated at periodEnd without one), or on its kWh interval data.',
        params: z.object({ tariffId: z.uuid() }),
        body: rateCheckBody,
        response: { 200: rateCheckSchema },
      },
    },
    async (request) => {
      const { tariffId } = request.params;
      const { accountId, usage, periodStart, periodEnd, inputs, annualChargesBeforeMinimum } = request.body;
      const check =
        accountId !== undefined
          ? await checkRateForAccount(request.db, request.context, {
              tariffId,
              accountId,
              periodStart,
              periodEnd,
            })
          : await checkRateForUsage(request.db, request.context.companyId, {
              tariffId,
              periodStart,
              periodEnd,
              usage: usage ?? {},
              ...(inputs ? { inputs } : {}),
              ...(annualChargesBeforeMinimum ? { annualChargesBeforeMinimum } : {}),
            });
      return toRateCheckJson(check);
    },
  );
};

function toRateCheckJson(check: RateCheck): z.infer<typeof rateCheckSchema> {
  const money = (amountMinor: bigint) => formatMinorUnits(amountMinor, check.minorUnitExponent);
  return {
    tariffId: check.tariffId,
    source: check.source,
    accountId: check.accountId,
    currency: check.currency,
    periodStart: check.periodStart,
    periodEnd: check.periodEnd,
    isEstimated: check.isEstimated,
    totalMinor: check.totalMinor.toString(),
    total: money(check.totalMinor),
    segments: check.segments.map((segment) => ({
      ...segment,
      totalMinor: segment.totalMinor.toString(),
      total: money(segment.totalMinor),
      lines: segment.lines.map((line) => ({
        lineNumber: line.lineNumber,
        chargeType: line.componentKind,
        description: line.description,
        quantity: line.quantity,
        unit: line.unit,
        unitPrice: line.unitPrice,
        amountMinor: line.amountMinor.toString(),
        amount: money(line.amountMinor),
        ledgerAccount: line.ledgerAccount,
        // The engine's LineTrace with the unrounded amount (toBillLineDraft), stored untyped on bill lines.
        trace: line.trace as RateCheckLineTrace,
      })),
    })),
  };
}
