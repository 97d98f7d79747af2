import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import type { BillLine } from './bill-line.js';
import type { SegmentContext } from './charges/segment-context.js';
import type { PeriodSegment } from './period-segments.js';
import { minimumTopUp, settleLine, settledAmount, type Settlement } from './rate-segment.js';
import type { RateBillPeriodRequest } from './rate-bill-period.js';

type AnnualMinimumInput = {
  segments: readonly PeriodSegment[];
  contexts: readonly SegmentContext[];
  chargeLines: BillLine[][];
  settlement: Settlement;
  request: RateBillPeriodRequest;
};

/**
 * Adds the annual minimum top-up to the last segment when the period contains the last day of the
 * minimum's settlement month: the minimum is compared with the year's charges before minimums, which are
 * the caller's `annualChargesBeforeMinimum` plus this period's. Changes `chargeLines` in place.
 */
export function settleAnnualMinimum(
  input: AnnualMinimumInput,
): { kind: 'settled' } | { kind: 'unrated'; reason: 'MISSING_YEAR_TO_DATE'; detail: string } {
  const { segments, contexts, chargeLines, settlement, request } = input;
  const lastIndex = segments.length - 1;
  const last = segments[lastIndex];
  const context = contexts[lastIndex];
  if (!last || !context) return { kind: 'settled' };
  for (const component of last.version.components) {
    if (component.kind !== 'minimum' || component.per !== 'year') continue;
    if (!containsMonthEnd(segments, component.settlementMonth)) continue;
    if (request.annualChargesBeforeMinimum === undefined) {
      return {
        kind: 'unrated',
        reason: 'MISSING_YEAR_TO_DATE',
        detail: `annual minimum ${component.id} settles in this period; give annualChargesBeforeMinimum`,
      };
    }
    const earlier = new Decimal(request.annualChargesBeforeMinimum);
    const thisPeriod = chargeLines
      .flat()
      .filter((line) => line.chargeType !== 'minimum')
      .reduce((sum, line) => sum.plus(settledAmount(line, settlement)), new Decimal(0));
    const topUp = minimumTopUp(
      component,
      component.amount.minus(earlier),
      chargeLines.flat().filter((line) => line.chargeType !== 'minimum'),
      settlement,
    );
    if (!topUp) continue;
    const formula = `annual minimum ${component.amount.toString()} − charges of the year ${earlier.plus(thisPeriod).toDecimalPlaces(6).toString()} = ${topUp.amount.toDecimalPlaces(6).toString()}`;
    const base = { start: last.start.toString(), end: last.end.toString() };
    chargeLines[lastIndex]?.push(settleLine({ ...topUp, formula }, context, settlement, base));
  }
  return { kind: 'settled' };
}

function containsMonthEnd(segments: readonly PeriodSegment[], month: number): boolean {
  return segments.some((segment) => {
    const lastDay = segment.end.subtract({ days: 1 });
    for (
      let date = segment.start;
      Temporal.PlainDate.compare(date, lastDay) <= 0;
      date = date.with({ day: 1 }).add({ months: 1 })
    ) {
      const monthEnd = date.with({ day: date.daysInMonth });
      if (date.month === month && Temporal.PlainDate.compare(monthEnd, lastDay) <= 0) return true;
    }
    return false;
  });
}
