import { newId } from '../../../platform/ids/new-id.js';
import { Temporal } from 'temporal-polyfill';
import { Decimal } from 'decimal.js';
import { rateBillPeriod, type RatingSettings, type UsageInput } from '@open-cis/rating';
import type { DueAgreement } from '../db/load-chunk-inputs.js';
import type {
  AgreementUsage,
  BillingExceptionCode,
  EstimatedReadDraft,
  MeasuredUsage,
} from './agreement-usage.js';
import { planRatingParts } from './plan-rating-parts.js';
import type { BillDraft, BillLineDraft, BillSegmentDraft } from './bill-draft.js';
import { findTariffGap, type BillingTariff } from './compile-tariff-versions.js';
import { toBillLineDraft } from './to-bill-line-draft.js';

export type AccountBillRequest = {
  accountId: string;
  billRunId: string | null;
  agreements: readonly { agreement: DueAgreement; usage: AgreementUsage }[];
  tariffs: ReadonlyMap<string, BillingTariff>;
  settings: RatingSettings;
  /** Length of the bill cycle; a first or final bill is prorated by days of a period this long. */
  cyclePeriodMonths: number;
};

export type AccountBillResult =
  | { kind: 'bill'; bill: BillDraft; estimatedReads: EstimatedReadDraft[] }
  | { kind: 'nothing-due' }
  | { kind: 'exception'; agreementId: string; reasonCode: BillingExceptionCode; detail: string };

/**
 * Rates every due agreement of an account and assembles one bill with a segment per agreement. An account
 * with any agreement the engine cannot bill gets no bill at all: it is reported as an exception, so a
 * customer never receives a bill that silently leaves out one of their services.
 */
export function buildAccountBill(request: AccountBillRequest): AccountBillResult {
  const billId = newId();
  const segments: BillSegmentDraft[] = [];
  const lines: BillLineDraft[] = [];
  const estimatedReads: EstimatedReadDraft[] = [];

  for (const { agreement, usage } of request.agreements) {
    if (usage.kind === 'not-due') continue;
    if (usage.kind === 'exception')
      return {
        kind: 'exception',
        agreementId: agreement.id,
        reasonCode: usage.reasonCode,
        detail: usage.detail,
      };
    const tariff = request.tariffs.get(agreement.tariffId);
    if (tariff && 'invalid' in tariff) {
      return {
        kind: 'exception',
        agreementId: agreement.id,
        reasonCode: 'INVALID_TARIFF',
        detail: tariff.invalid,
      };
    }
    const gap = tariff
      ? findTariffGap(tariff, usage.periodStart, usage.periodEnd)
      : `tariff ${agreement.tariffId} has no version in force`;
    if (!tariff || gap) {
      return {
        kind: 'exception',
        agreementId: agreement.id,
        reasonCode: 'NO_TARIFF_VERSION',
        detail: gap ?? '',
      };
    }

    const parts = planRatingParts({
      start: usage.periodStart,
      end: usage.periodEnd,
      isFirstBill: agreement.billedThrough === null,
      finalOn: agreement.endOn,
      cyclePeriodMonths: request.cyclePeriodMonths,
    });
    for (const part of parts) {
      const rated = rateBillPeriod(tariff.compiled, {
        period: {
          start: plainDate(part.period.start),
          end: plainDate(part.period.end),
        },
        ...(part.service
          ? {
              service: {
                start: plainDate(part.service.start),
                end: plainDate(part.service.end),
              },
            }
          : {}),
        usage: shareOfUsage(usage.usage, part.share),
        settings: request.settings,
      });
      if (rated.kind === 'unrated') {
        const reasonCode = rated.reason === 'NO_TARIFF_VERSION' ? 'NO_TARIFF_VERSION' : 'UNRATED';
        return {
          kind: 'exception',
          agreementId: agreement.id,
          reasonCode,
          detail: `${rated.reason}: ${rated.detail}`,
        };
      }
      const segmentId = newId();
      segments.push({
        id: segmentId,
        agreementId: agreement.id,
        servicePointId: agreement.servicePointId,
        periodStart: part.start,
        periodEnd: part.end,
        isEstimated: usage.isEstimated,
        consumption:
          parts.length === 1
            ? usage.consumption
            : {
                ...usage.consumption,
                share: part.share.toString(),
                readPeriod: { start: usage.periodStart, end: usage.periodEnd },
              },
        totalMinor: rated.totalMinor,
      });
      for (const line of rated.lines) lines.push(toBillLineDraft(line, lines.length + 1, segmentId));
    }
    estimatedReads.push(...usage.estimatedReads);
  }

  if (segments.length === 0) return { kind: 'nothing-due' };
  return {
    kind: 'bill',
    bill: {
      id: billId,
      accountId: request.accountId,
      billRunId: request.billRunId,
      periodStart: segments.map((segment) => segment.periodStart).sort()[0] ?? '',
      periodEnd:
        segments
          .map((segment) => segment.periodEnd)
          .sort()
          .at(-1) ?? '',
      currency: request.settings.currency,
      totalMinor: lines.reduce((total, line) => total + line.amountMinor, 0n),
      isEstimated: segments.some((segment) => segment.isEstimated),
      segments,
      lines,
    },
    estimatedReads,
  };
}

// Energy and volume totals are shared by days between the parts of a long read period; a demand read is
// the period's maximum and applies to every part. Interval data are placed by date, so each part rates
// its own intervals.
function shareOfUsage(usage: MeasuredUsage, share: Decimal): UsageInput {
  if (usage.kind === 'intervals' || share.equals(1)) return usage;
  return {
    kind: 'registers',
    reads: usage.reads.map((read) =>
      read.measure === 'demand' ? read : { ...read, quantity: new Decimal(read.quantity).times(share) },
    ),
  };
}

// Most bills of a run share their period dates, and parsing a date with Temporal's polyfill costs more than
// rating a simple bill's energy; PlainDate values are immutable, so parsed ones are reused.
const parsedDates = new Map<string, Temporal.PlainDate>();

function plainDate(iso: string): Temporal.PlainDate {
  let date = parsedDates.get(iso);
  if (!date) {
    if (parsedDates.size >= 4096) parsedDates.clear();
    date = Temporal.PlainDate.from(iso);
    parsedDates.set(iso, date);
  }
  return date;
}
