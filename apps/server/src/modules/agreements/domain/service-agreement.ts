import { Temporal } from 'temporal-polyfill';

export type PaymentMode = 'postpaid' | 'prepaid';

/**
 * The contract to supply one service point for one account on one tariff, over the half-open date range
 * [startOn, endOn); endOn null means open-ended.
 */
export type ServiceAgreement = {
  id: string;
  accountId: string;
  servicePointId: string;
  tariffId: string;
  paymentMode: PaymentMode;
  startOn: string;
  endOn: string | null;
  createdAt: string;
};

type DateRange = { startOn: string; endOn: string | null };

/** Tells whether two half-open date ranges share a day. */
export function isOverlapping(first: DateRange, second: DateRange): boolean {
  const firstEndsAfterSecondStarts =
    first.endOn === null || Temporal.PlainDate.compare(first.endOn, second.startOn) > 0;
  const secondEndsAfterFirstStarts =
    second.endOn === null || Temporal.PlainDate.compare(second.endOn, first.startOn) > 0;
  return firstEndsAfterSecondStarts && secondEndsAfterFirstStarts;
}

/** Formats a range for messages: "from 2025-01-01 until 2025-06-30" (inclusive last day) or "from … onwards". */
export function describeRange(range: DateRange): string {
  if (range.endOn === null) return `from ${range.startOn} onwards`;
  const lastDay = Temporal.PlainDate.from(range.endOn).subtract({ days: 1 });
  return `from ${range.startOn} until ${lastDay.toString()}`;
}
