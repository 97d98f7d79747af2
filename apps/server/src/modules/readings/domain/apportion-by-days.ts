import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';

/** A half-open date range [start, end). */
export type DateRange = { start: Temporal.PlainDate; end: Temporal.PlainDate };

/** Interval data summed per local day, in the same unit as the read period's quantity. */
export type DailyQuantity = { date: Temporal.PlainDate; quantity: Decimal };

export type ApportionInput = {
  /** The read period's consumption. */
  quantity: Decimal;
  /** Contiguous sub-periods that together cover the read period, such as the days under each tariff version. */
  subPeriods: readonly DateRange[];
  /** Interval data for the period, if the service point has any. */
  dailyIntervals?: readonly DailyQuantity[];
};

export type ApportionedPart = DateRange & { days: number; quantity: Decimal; weight: Decimal };

export type Apportionment = {
  method: 'intervals' | 'days';
  /** Why interval data was not used, when it was given but the split fell back to days. */
  fallbackReason: 'INCOMPLETE_INTERVAL_DATA' | 'ZERO_INTERVAL_TOTAL' | undefined;
  parts: ApportionedPart[];
};

/**
 * Splits a read period's consumption across sub-periods. With interval data for every day of the period,
 * each sub-period's share is its interval sum over the period's interval total, so the measured shape is
 * kept while the register quantity stays the billed total. Otherwise the share is its days over the
 * period's days. The last part takes the remainder, so the parts always add up to `quantity` exactly.
 */
export function apportionByDays(input: ApportionInput): Apportionment {
  const { quantity, subPeriods, dailyIntervals } = input;
  assertContiguous(subPeriods);

  const days = subPeriods.map((range) => range.start.until(range.end, { largestUnit: 'days' }).days);
  let method: Apportionment['method'] = 'days';
  let fallbackReason: Apportionment['fallbackReason'];
  let weights = days.map((count) => new Decimal(count));

  if (dailyIntervals !== undefined) {
    const sums = sumIntervals(subPeriods, days, dailyIntervals);
    if (sums === undefined) {
      fallbackReason = 'INCOMPLETE_INTERVAL_DATA';
    } else if (sums.every((sum) => sum.isZero())) {
      fallbackReason = 'ZERO_INTERVAL_TOTAL';
    } else {
      method = 'intervals';
      weights = sums;
    }
  }

  const totalWeight = weights.reduce((total, weight) => total.plus(weight), new Decimal(0));
  let assigned = new Decimal(0);
  const parts = subPeriods.map((range, index): ApportionedPart => {
    const weight = weights[index] ?? new Decimal(0);
    const isLast = index === subPeriods.length - 1;
    const share = isLast ? quantity.minus(assigned) : quantity.times(weight).div(totalWeight);
    assigned = assigned.plus(share);
    return { ...range, days: days[index] ?? 0, quantity: share, weight };
  });
  return { method, fallbackReason, parts };
}

function assertContiguous(subPeriods: readonly DateRange[]): void {
  if (subPeriods.length === 0) {
    throw new RangeError('At least one sub-period is required to apportion consumption.');
  }
  subPeriods.forEach((range, index) => {
    if (Temporal.PlainDate.compare(range.start, range.end) >= 0) {
      throw new RangeError(
        `Sub-period ${range.start.toString()} to ${range.end.toString()} is empty; its end must be after its start.`,
      );
    }
    const next = subPeriods[index + 1];
    if (next !== undefined && !next.start.equals(range.end)) {
      throw new RangeError(
        `Sub-periods must be contiguous: one ends on ${range.end.toString()} but the next starts on ${next.start.toString()}.`,
      );
    }
  });
}

/** Returns the interval sum of each sub-period, or undefined unless every day of the period has data. */
function sumIntervals(
  subPeriods: readonly DateRange[],
  days: number[],
  dailyIntervals: readonly DailyQuantity[],
): Decimal[] | undefined {
  const sums = subPeriods.map(() => new Decimal(0));
  const coveredDays = new Set<string>();
  for (const { date, quantity } of dailyIntervals) {
    const index = subPeriods.findIndex(
      (range) =>
        Temporal.PlainDate.compare(range.start, date) <= 0 && Temporal.PlainDate.compare(date, range.end) < 0,
    );
    if (index < 0) {
      continue;
    }
    sums[index] = (sums[index] ?? new Decimal(0)).plus(quantity);
    coveredDays.add(date.toString());
  }
  const totalDays = days.reduce((total, count) => total + count, 0);
  return coveredDays.size === totalDays ? sums : undefined;
}
