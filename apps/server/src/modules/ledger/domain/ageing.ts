import { Temporal } from 'temporal-polyfill';

/** Ageing bucket of an open item by days past its due date. `90+` contains items more than 90 days overdue. */
export type AgeingBucket = 'current' | '1-30' | '31-60' | '61-90' | '90+';

export const ageingBuckets: readonly AgeingBucket[] = ['current', '1-30', '31-60', '61-90', '90+'];

/** The days overdue that each bucket covers, both ends included. The `90+` bucket has no upper end. */
export const ageingBucketDays: Record<AgeingBucket, { min: number; max: number | null }> = {
  current: { min: 0, max: 0 },
  '1-30': { min: 1, max: 30 },
  '31-60': { min: 31, max: 60 },
  '61-90': { min: 61, max: 90 },
  '90+': { min: 91, max: null },
};

export type Ageing = { daysOverdue: number; bucket: AgeingBucket };

/**
 * Computes how many days an item due on `dueDate` is overdue on `asOf` (0 until and including the due
 * date) and the bucket those days fall in. Both dates are ISO calendar dates ('YYYY-MM-DD').
 */
export function computeAgeing(dueDate: string, asOf: string): Ageing {
  const due = Temporal.PlainDate.from(dueDate);
  const on = Temporal.PlainDate.from(asOf);
  const daysOverdue = Math.max(0, due.until(on, { largestUnit: 'days' }).days);
  return { daysOverdue, bucket: computeAgeingBucket(daysOverdue) };
}

export function computeAgeingBucket(daysOverdue: number): AgeingBucket {
  if (daysOverdue <= 0) return 'current';
  if (daysOverdue <= 30) return '1-30';
  if (daysOverdue <= 60) return '31-60';
  if (daysOverdue <= 90) return '61-90';
  return '90+';
}
