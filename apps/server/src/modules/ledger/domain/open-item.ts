import type { AgeingBucket } from './ageing.js';

/**
 * An issued invoice that is not fully paid: its total less the active payment allocations against it.
 * Open items are derived from bills and allocations on every read and never stored.
 */
export type OutstandingInvoice = {
  billId: string;
  accountId: string;
  invoiceNumber: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  totalMinor: bigint;
  allocatedMinor: bigint;
  /** totalMinor − allocatedMinor, always positive. */
  outstandingMinor: bigint;
};

export type OpenItem = OutstandingInvoice & { daysOverdue: number; ageingBucket: AgeingBucket };
