import type { NamedAuditEvent } from './audit-event.js';

/** The facts that tell a timeline entry's record from others of its kind, such as a payment's day and amount. */
export type RecordSummary = {
  /**
   * A bill's invoice number, an account's number, the invoice number of the bill that a payment
   * allocation pays, or a prepaid vend's transaction reference.
   */
  reference: string | null;
  /** A bill's kind: invoice or credit-note. */
  kind: string | null;
  /**
   * A calendar day (YYYY-MM-DD): a bill's issue date, a payment's received-on day (also for its
   * allocations), an agreement's or a free basic allowance's start, a prepaid vend's accounting date (also
   * for the allocations of the debt it recovered).
   */
  date: string | null;
  /** A bill's total, a payment's or an allocation's amount, or a vend's tendered amount, in minor units. */
  amountMinor: string | null;
  currency: string | null;
  /** The payment that an allocation belongs to; null for an allocation of a vend's recovered debt. */
  paymentId: string | null;
};

/** An audit event of a timeline, with its actor's name and a summary of its record. */
export type TimelineEvent = NamedAuditEvent & {
  /** Null when the principal may not read the record (the event is redacted) or the record is gone. */
  record: RecordSummary | null;
};
