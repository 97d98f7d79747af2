import { randomUUID } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { rateBillPeriod, type RatingSettings } from '@open-cis/rating';
import type { DueAgreement } from '../db/load-chunk-inputs.js';
import type { AgreementUsage, BillingExceptionCode, EstimatedReadDraft } from './agreement-usage.js';
import type { BillDraft, BillLineDraft, BillSegmentDraft } from './bill-draft.js';
import { findTariffGap, type BillingTariff } from './compile-tariff-versions.js';
import { ledgerAccountOfCharge } from './ledger-account-of-charge.js';

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
  const billId = randomUUID();
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
    const { period, service } = ratingPeriod(agreement, usage, request.cyclePeriodMonths);
    const gap = tariff
      ? findTariffGap(tariff, usage.periodStart, usage.periodEnd)
      : `tariff ${agreement.tariffId} has no version in force`;
    if (!tariff || gap)
      return {
        kind: 'exception',
        agreementId: agreement.id,
        reasonCode: 'NO_TARIFF_VERSION',
        detail: gap ?? '',
      };

    const rated = rateBillPeriod(tariff.compiled, {
      period: { start: Temporal.PlainDate.from(period.start), end: Temporal.PlainDate.from(period.end) },
      ...(service
        ? {
            service: {
              start: Temporal.PlainDate.from(service.start),
              end: Temporal.PlainDate.from(service.end),
            },
          }
        : {}),
      usage: { kind: 'registers', reads: usage.reads },
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

    const segmentId = randomUUID();
    segments.push({
      id: segmentId,
      agreementId: agreement.id,
      servicePointId: agreement.servicePointId,
      periodStart: usage.periodStart,
      periodEnd: usage.periodEnd,
      isEstimated: usage.isEstimated,
      consumption: usage.consumption,
      totalMinor: rated.totalMinor,
    });
    for (const line of rated.lines) {
      lines.push({
        lineNumber: lines.length + 1,
        segmentId,
        componentKind: line.chargeType,
        description: line.name,
        quantity: line.quantity.toString(),
        unit: line.unit,
        unitPrice: line.unitPrice.toString(),
        amountMinor: line.amountMinor,
        ledgerAccount: ledgerAccountOfCharge(line.chargeType),
        trace: {
          ...line.trace,
          unroundedAmount: line.amount.toString(),
          tariffId: agreement.tariffId,
          agreementId: agreement.id,
        },
      });
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

// A first bill that starts after the cycle's nominal start, or a final bill that ends before its nominal
// end, is rated over a nominal cycle period with the service dates inside it, so fixed charges and tier
// limits are prorated by days of a full period.
function ratingPeriod(
  agreement: DueAgreement,
  usage: Extract<AgreementUsage, { kind: 'usage' }>,
  cyclePeriodMonths: number,
): { period: { start: string; end: string }; service?: { start: string; end: string } } {
  const start = Temporal.PlainDate.from(usage.periodStart);
  const end = Temporal.PlainDate.from(usage.periodEnd);
  const isFirst = agreement.billedThrough === null;
  const isFinal = agreement.endOn !== null && agreement.endOn === usage.periodEnd;
  const nominalStart = end.subtract({ months: cyclePeriodMonths });
  const nominalEnd = start.add({ months: cyclePeriodMonths });
  const periodStart = isFirst && Temporal.PlainDate.compare(nominalStart, start) < 0 ? nominalStart : start;
  const periodEnd = isFinal && Temporal.PlainDate.compare(nominalEnd, end) > 0 ? nominalEnd : end;
  if (periodStart === start && periodEnd === end)
    return { period: { start: usage.periodStart, end: usage.periodEnd } };
  return {
    period: { start: periodStart.toString(), end: periodEnd.toString() },
    service: { start: usage.periodStart, end: usage.periodEnd },
  };
}
