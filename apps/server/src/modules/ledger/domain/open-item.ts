import type { AgeingBucket } from './ageing.js';
import type { AllocationSource } from './compute-allocations.js';

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

/** An active allocation that settled part of an open item, with the money it came from. */
export type Settlement = AllocationSource & {
  allocationId: string;
  /** The day of the money: a payment's received-on day or a vend's accounting date. */
  settledOn: string;
  /** A payment's reference or a vend's transaction reference; null for a payment without one. */
  reference: string | null;
  amountMinor: bigint;
};

export type OpenItem = OutstandingInvoice & {
  daysOverdue: number;
  ageingBucket: AgeingBucket;
  /** The allocations that settled the part of the item no longer open, in the order the money came in. */
  settlements: Settlement[];
};
