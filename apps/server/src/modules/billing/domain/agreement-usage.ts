import type { IntervalReading, RegisterRead } from '@open-cis/rating';

/** A read the bill run must store because the period had no actual read at its end. */
export type EstimatedReadDraft = {
  id: string;
  registerId: string;
  readOn: string;
  value: string;
  estimation: Record<string, unknown>;
};

/** The usage a period's bill is rated on: register totals, or the service point's interval data. */
export type MeasuredUsage =
  { kind: 'registers'; reads: RegisterRead[] } | { kind: 'intervals'; intervals: IntervalReading[] };

export type AgreementUsage =
  | {
      kind: 'usage';
      periodStart: string;
      periodEnd: string;
      isEstimated: boolean;
      usage: MeasuredUsage;
      /** Per register code: the spans, reads and quantities behind `reads`, stored on the bill segment. */
      consumption: Record<string, unknown>;
      estimatedReads: EstimatedReadDraft[];
    }
  | { kind: 'not-due' }
  | { kind: 'exception'; reasonCode: BillingExceptionCode; detail: string };

export type BillingExceptionCode =
  | 'NO_METER'
  | 'INCOMPLETE_INTERVAL_DATA'
  | 'NO_START_READ'
  | 'NO_END_READ'
  | 'BACKWARDS_READ'
  | 'SUSPECT_READ'
  | 'NEGATIVE_TRUE_UP'
  | 'INVALID_READ'
  | 'NO_TARIFF_VERSION'
  | 'INVALID_TARIFF'
  | 'UNRATED'
  | 'UNSUPPORTED_UNIT';
