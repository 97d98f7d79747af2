import { Temporal } from 'temporal-polyfill';
import { assertPermission } from '../../../../platform/auth/assert-permission.js';
import type { DbOrTrx, RequestContext, Trx } from '../../../../platform/context/request-context.js';
import { ruleViolation } from '../../../../platform/errors/app-error.js';
import { getAccount } from '../../../customers/index.js';
import { loadAccountHistory, type AccountHistory } from '../../db/load-account-history.js';
import type { DueAgreement } from '../../db/load-chunk-inputs.js';
import { buildAccountBill } from '../../domain/build-account-bill.js';
import { chooseHistoryStart } from '../../domain/choose-history-start.js';
import { computeAgreementUsage } from '../../domain/compute-agreement-usage.js';
import { segmentsOfBillDraft, type RateCheck } from '../../domain/rate-check.js';
import { loadRatingTariff, type RatingTariff } from './load-rating-tariff.js';

export type AccountRateCheckRequest = {
  tariffId: string;
  accountId: string;
  /** First day of the period to measure. */
  periodStart: string;
  /** Day after the last day of the period to measure (half-open). */
  periodEnd: string;
};

/**
 * Rates an account's own usage on a tariff the way a bill run with its cut-off on `periodEnd` would, had
 * the account been billed on that tariff up to `periodStart`. Read periods, estimates, interval data,
 * proration, cycle splits and rating are the bill run's. Each agreement of the account for the tariff's
 * service in force in the period becomes one segment. Reading the usage needs readings:read. It writes
 * nothing, not even the estimated reads a bill run would store.
 */
export async function checkRateForAccount(
  db: DbOrTrx,
  context: RequestContext,
  request: AccountRateCheckRequest,
): Promise<RateCheck> {
  assertPermission(context, 'readings:read');
  const check = (trx: DbOrTrx | Trx) => rateAccountHistory(trx, context, request);
  if (db.isTransaction) return check(db);
  return db.transaction().setIsolationLevel('repeatable read').execute(check);
}

async function rateAccountHistory(
  db: DbOrTrx,
  context: RequestContext,
  request: AccountRateCheckRequest,
): Promise<RateCheck> {
  const rating = await loadRatingTariff(db, context.companyId, request.tariffId);
  const account = await getAccount(db, context, request.accountId);
  const cycle = await db
    .selectFrom('billing.bill_cycle')
    .select('period_months')
    .where('company_id', '=', context.companyId)
    .where('id', '=', account.billCycleId)
    .executeTakeFirstOrThrow();
  const history = await loadAccountHistory(db, context, {
    accountId: account.id,
    service: rating.tariff.service,
    periodStart: request.periodStart,
    periodEnd: request.periodEnd,
    timeZone: rating.settings.timeZone,
  });
  if (history.agreements.length === 0) {
    throw ruleViolation(
      'BILLING.RATE_CHECK_NO_AGREEMENT',
      `Account ${account.accountNumber} has no ${rating.tariff.service} agreement in force between ${request.periodStart} and ${request.periodEnd}; choose a period in which it had one, or give usage instead of accountId.`,
      [{ path: 'accountId', message: `no ${rating.tariff.service} agreement in the period` }],
      {
        accountNumber: account.accountNumber,
        periodStart: request.periodStart,
        periodEnd: request.periodEnd,
      },
    );
  }

  const result = buildAccountBill({
    accountId: account.id,
    billRunId: null,
    agreements: history.agreements.map((stored) => {
      const agreement = asDueAgreement(stored, history, rating, request);
      return { agreement, usage: measureUsage(agreement, history, rating, request, cycle.period_months) };
    }),
    tariffs: new Map([[rating.tariff.id, rating.compiled]]),
    settings: rating.settings,
    cyclePeriodMonths: cycle.period_months,
  });
  if (result.kind !== 'bill') {
    const detail =
      result.kind === 'exception'
        ? `${result.reasonCode}: ${result.detail}`
        : 'no usage to bill in the period';
    throw ruleViolation(
      'BILLING.RATE_CHECK_UNRATED',
      `Account ${account.accountNumber} cannot be rated on tariff ${rating.tariff.code} from ${request.periodStart} to ${request.periodEnd}: ${detail}`,
      [{ path: 'accountId', message: detail }],
    );
  }
  return {
    tariffId: rating.tariff.id,
    source: 'account-history',
    accountId: account.id,
    currency: result.bill.currency,
    minorUnitExponent: rating.minorUnitExponent,
    periodStart: request.periodStart,
    periodEnd: request.periodEnd,
    isEstimated: result.bill.isEstimated,
    totalMinor: result.bill.totalMinor,
    segments: segmentsOfBillDraft(result.bill),
  };
}

/**
 * Builds the agreement as the bill run would see it, priced on the checked tariff, billed up to the start
 * of the read period and due up to the period's end. The end is passed as the start of a later billed
 * period, so that a period shorter than a cycle is prorated instead of skipped as not yet due.
 */
function asDueAgreement(
  stored: AccountHistory['agreements'][number],
  history: AccountHistory,
  rating: RatingTariff,
  request: AccountRateCheckRequest,
): DueAgreement {
  const start = hasIntervalsInPeriod(stored.servicePointId, history, rating, request)
    ? maxDate(request.periodStart, stored.startOn)
    : chooseHistoryStart({
        periodStart: request.periodStart,
        agreementStartOn: stored.startOn,
        registers: history.registers.filter((register) => register.servicePointId === stored.servicePointId),
        readsByRegister: history.readsByRegister,
      });
  return {
    id: stored.id,
    accountId: stored.accountId,
    servicePointId: stored.servicePointId,
    tariffId: rating.tariff.id,
    startOn: stored.startOn,
    endOn: stored.endOn,
    // Measured from the agreement's own start, the period is its first bill, as the bill run would make it.
    billedThrough: start === stored.startOn ? null : start,
    nextBilledFrom: request.periodEnd,
  };
}

function measureUsage(
  agreement: DueAgreement,
  history: AccountHistory,
  rating: RatingTariff,
  request: AccountRateCheckRequest,
  cyclePeriodMonths: number,
) {
  const registers = history.registers.filter(
    (register) => register.servicePointId === agreement.servicePointId,
  );
  const registerIds = new Set(registers.map((register) => register.registerId));
  const channel = history.channels.find((candidate) => candidate.servicePointId === agreement.servicePointId);
  return computeAgreementUsage({
    agreement,
    cutOffOn: request.periodEnd,
    registers,
    readsByRegister: history.readsByRegister,
    estimation: history.estimation,
    suspectReads: history.suspectReads.filter((read) => registerIds.has(read.registerId)),
    timeZone: rating.settings.timeZone,
    cyclePeriodMonths,
    ...(channel
      ? {
          intervalData: {
            channel,
            intervals: history.intervals.filter((interval) => interval.channelId === channel.id),
          },
        }
      : {}),
  });
}

function hasIntervalsInPeriod(
  servicePointId: string,
  history: AccountHistory,
  rating: RatingTariff,
  request: AccountRateCheckRequest,
): boolean {
  const channel = history.channels.find((candidate) => candidate.servicePointId === servicePointId);
  if (!channel) return false;
  const { timeZone } = rating.settings;
  const from = Temporal.PlainDate.from(request.periodStart).toZonedDateTime(timeZone).toInstant();
  const to = Temporal.PlainDate.from(request.periodEnd).toZonedDateTime(timeZone).toInstant();
  return history.intervals.some(
    (interval) =>
      interval.channelId === channel.id &&
      Temporal.Instant.compare(interval.start, from) >= 0 &&
      Temporal.Instant.compare(interval.start, to) < 0,
  );
}

function maxDate(first: string, second: string): string {
  return first > second ? first : second;
}
