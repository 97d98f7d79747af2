export type BillStatus = 'draft' | 'issued' | 'cancelled';
export type BillKind = 'invoice' | 'credit-note';

export type BillLine = {
  lineNumber: number;
  segmentId: string | null;
  componentKind: string;
  description: string;
  quantity: string | null;
  unit: string | null;
  unitPrice: string | null;
  amountMinor: bigint;
  ledgerAccount: string;
  /** Tariff version, component, tier or TOU period, proration factor, readings used and the formula. */
  trace: Record<string, unknown>;
};

export type BillSegment = {
  id: string;
  agreementId: string;
  servicePointId: string;
  periodStart: string;
  periodEnd: string;
  status: 'active' | 'cancelled';
  isEstimated: boolean;
  consumption: Record<string, unknown>;
  totalMinor: bigint;
};

export type Bill = {
  id: string;
  accountId: string;
  billRunId: string | null;
  kind: BillKind;
  status: BillStatus;
  series: string | null;
  invoiceNumber: string | null;
  issueDate: string | null;
  dueDate: string | null;
  periodStart: string;
  periodEnd: string;
  currency: string;
  totalMinor: bigint;
  isEstimated: boolean;
  cancelsBillId: string | null;
  createdAt: string;
};

export type BillWithDetails = Bill & { segments: BillSegment[]; lines: BillLine[] };

/** A bill in the company-wide list, with the number of its account. */
export type BillListItem = Bill & { accountNumber: string };
