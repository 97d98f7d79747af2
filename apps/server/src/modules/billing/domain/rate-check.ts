import type { BillDraft, BillLineDraft } from './bill-draft.js';

/** The part of a rate check for one agreement (account history) or for the usage given. */
export type RateCheckSegment = {
  agreementId: string | null;
  servicePointId: string | null;
  periodStart: string;
  periodEnd: string;
  isEstimated: boolean;
  /** Reads, spans and quantities rated, as a bill segment stores them, or null for usage in the request. */
  consumption: Record<string, unknown> | null;
  totalMinor: bigint;
  lines: BillLineDraft[];
};

/** The bill a tariff would give for a period, computed by the billing engine and stored nowhere. */
export type RateCheck = {
  tariffId: string;
  source: 'usage' | 'account-history';
  accountId: string | null;
  currency: string;
  minorUnitExponent: number;
  /** The requested period, half-open. The segments show the read periods rated. */
  periodStart: string;
  periodEnd: string;
  isEstimated: boolean;
  totalMinor: bigint;
  segments: RateCheckSegment[];
};

/** Groups the lines of a bill built in memory under the segment each belongs to. */
export function segmentsOfBillDraft(bill: BillDraft): RateCheckSegment[] {
  return bill.segments.map((segment) => ({
    agreementId: segment.agreementId,
    servicePointId: segment.servicePointId,
    periodStart: segment.periodStart,
    periodEnd: segment.periodEnd,
    isEstimated: segment.isEstimated,
    consumption: segment.consumption,
    totalMinor: segment.totalMinor,
    lines: bill.lines.filter((line) => line.segmentId === segment.id),
  }));
}
