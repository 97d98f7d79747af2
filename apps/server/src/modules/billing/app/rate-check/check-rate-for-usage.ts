import { rateBillPeriod } from '@open-cis/rating';
import { Temporal } from 'temporal-polyfill';
import type { DbOrTrx } from '../../../../platform/context/request-context.js';
import { invalidInput, ruleViolation } from '../../../../platform/errors/app-error.js';
import { findTariffGap } from '../../domain/compile-tariff-versions.js';
import { convertTypedUsage, type TypedUsage } from '../../domain/convert-typed-usage.js';
import type { RateCheck } from '../../domain/rate-check.js';
import { toBillLineDraft } from '../../domain/to-bill-line-draft.js';
import { loadRatingTariff } from './load-rating-tariff.js';
import { unratedProblem } from './unrated-problem.js';

export type UsageRateCheckRequest = {
  tariffId: string;
  /** First day of the billing period. */
  periodStart: string;
  /** Day after the last day of the billing period (half-open). */
  periodEnd: string;
  usage: TypedUsage;
  /** Named quantities for components that price an input, such as a winter-average volume. */
  inputs?: Record<string, string>;
  annualChargesBeforeMinimum?: string;
};

/**
 * Rates typed usage on a tariff as one billing period, with the billing engine's rateBillPeriod and the
 * company's currency, rounding and time zone, and returns the lines with their traces. Writes nothing.
 */
export async function checkRateForUsage(
  db: DbOrTrx,
  companyId: string,
  request: UsageRateCheckRequest,
): Promise<RateCheck> {
  const { tariff, compiled, settings } = await loadRatingTariff(db, companyId, request.tariffId);
  const period = { start: request.periodStart, end: request.periodEnd };
  const gap = findTariffGap(compiled, period.start, period.end);
  if (gap) {
    throw ruleViolation(
      'BILLING.RATE_CHECK_UNRATED',
      `Tariff ${tariff.code} cannot rate ${period.start} to ${period.end}: ${gap}. Choose a period in which a version is in force, or add a version.`,
      [{ path: 'periodStart', message: gap }],
    );
  }
  const converted = convertTypedUsage(
    request.usage,
    tariff.versions.map((version) => version.definition),
    period,
    settings.timeZone,
  );
  if (converted.kind === 'invalid') {
    throw invalidInput(
      'BILLING.INVALID_RATE_CHECK',
      `The usage does not fit tariff ${tariff.code}: ${converted.issues[0]?.path ?? 'usage'}: ${converted.issues[0]?.message ?? ''}.`,
      converted.issues,
    );
  }

  const rated = rateBillPeriod(compiled.compiled, {
    period: { start: Temporal.PlainDate.from(period.start), end: Temporal.PlainDate.from(period.end) },
    usage: converted.usage,
    ...(request.inputs ? { inputs: request.inputs } : {}),
    ...(request.annualChargesBeforeMinimum
      ? { annualChargesBeforeMinimum: request.annualChargesBeforeMinimum }
      : {}),
    settings,
  });
  if (rated.kind === 'unrated') throw unratedProblem(rated.reason, rated.detail, tariff.code);

  return {
    tariffId: tariff.id,
    source: 'usage',
    accountId: null,
    currency: rated.currency,
    minorUnitExponent: rated.minorUnitExponent,
    periodStart: period.start,
    periodEnd: period.end,
    isEstimated: false,
    totalMinor: rated.totalMinor,
    segments: [
      {
        agreementId: null,
        servicePointId: null,
        periodStart: period.start,
        periodEnd: period.end,
        isEstimated: false,
        consumption: null,
        totalMinor: rated.totalMinor,
        lines: rated.lines.map((line, index) => toBillLineDraft(line, index + 1, null)),
      },
    ],
  };
}
