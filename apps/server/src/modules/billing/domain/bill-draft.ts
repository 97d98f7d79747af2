/** A bill as the bill run builds it in memory, before it is written: ids are assigned up front. */
export type BillDraft = {
  id: string;
  accountId: string;
  billRunId: string | null;
  /** Absent for an invoice; a credit note names the invoice it cancels. */
  cancelsBillId?: string;
  periodStart: string;
  periodEnd: string;
  currency: string;
  totalMinor: bigint;
  isEstimated: boolean;
  segments: BillSegmentDraft[];
  lines: BillLineDraft[];
};

/** The part of a bill for one service agreement over one period. */
export type BillSegmentDraft = {
  id: string;
  agreementId: string;
  servicePointId: string;
  periodStart: string;
  periodEnd: string;
  isEstimated: boolean;
  /** The reads and quantities the segment was rated on, kept with the bill so it explains itself. */
  consumption: Record<string, unknown>;
  totalMinor: bigint;
};

export type BillLineDraft = {
  lineNumber: number;
  segmentId: string | null;
  componentKind: string;
  description: string;
  quantity: string | null;
  unit: string | null;
  unitPrice: string | null;
  amountMinor: bigint;
  ledgerAccount: string;
  trace: Record<string, unknown>;
};
