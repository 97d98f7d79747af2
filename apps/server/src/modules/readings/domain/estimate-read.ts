import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';

import { dialCapacity, type RegisterSpec } from './compute-register-consumption.js';

/** A past read period measured by actual reads, with its billed quantity (after the multiplier). */
export type ReadHistoryPeriod = { start: Temporal.PlainDate; end: Temporal.PlainDate; quantity: Decimal };

/** Source of the daily use when the service point has no read history. */
export type EstimationFallback =
  | { kind: 'profile'; profileName: string; dailyQuantityByMonth: readonly Decimal[] }
  | { kind: 'default'; dailyQuantity: Decimal };

export type EstimateReadInput = {
  meterId: string;
  register: RegisterSpec;
  lastActualRead: { value: Decimal; readOn: Temporal.PlainDate };
  estimateOn: Temporal.PlainDate;
  history: readonly ReadHistoryPeriod[];
  fallback: EstimationFallback;
};

/** The inputs behind an estimate, kept so that a bill can show why it used this read. */
export type EstimationBasis =
  | {
      method: 'history';
      periods: number;
      historyDays: number;
      historyQuantity: Decimal;
      averageDailyQuantity: Decimal;
    }
  | { method: 'profile'; profileName: string }
  | { method: 'default'; dailyQuantity: Decimal };

export type EstimatedRead = {
  kind: 'estimated';
  meterId: string;
  /** The register value to record, in whole dial units, wrapped past the dial capacity like the real dials. */
  value: Decimal;
  readOn: Temporal.PlainDate;
  days: number;
  /** Billed quantity for the estimated period: (value − last read, with rollover) × multiplier. */
  quantity: Decimal;
  basis: EstimationBasis;
};

/**
 * Estimates the read on `estimateOn` for a cycle without an actual read. The daily use is the service
 * point's average over its actual read history (total quantity over total days). Without history it comes
 * from the configured monthly profile, day by day, or from the configured default. The estimate is rounded
 * down to whole dial units, so an estimated read never runs ahead of the dials by a fraction.
 */
export function estimateRead(input: EstimateReadInput): EstimatedRead {
  const { meterId, register, lastActualRead, estimateOn, history, fallback } = input;
  const capacity = dialCapacity(register, meterId);
  const days = lastActualRead.readOn.until(estimateOn, { largestUnit: 'days' }).days;
  if (days <= 0) {
    throw new RangeError(
      `Cannot estimate meter ${meterId} on ${estimateOn.toString()}: the last actual read on ${lastActualRead.readOn.toString()} is not before it.`,
    );
  }

  const { expectedQuantity, basis } = computeExpectedQuantity(
    lastActualRead.readOn,
    estimateOn,
    days,
    history,
    fallback,
  );
  const dialUnits = expectedQuantity.div(register.multiplier).toDecimalPlaces(0, Decimal.ROUND_DOWN);
  const value = lastActualRead.value.plus(dialUnits).mod(capacity);
  return {
    kind: 'estimated',
    meterId,
    value,
    readOn: estimateOn,
    days,
    quantity: dialUnits.times(register.multiplier),
    basis,
  };
}

function computeExpectedQuantity(
  from: Temporal.PlainDate,
  to: Temporal.PlainDate,
  days: number,
  history: readonly ReadHistoryPeriod[],
  fallback: EstimationFallback,
): { expectedQuantity: Decimal; basis: EstimationBasis } {
  const historyDays = history.reduce(
    (total, period) => total + period.start.until(period.end, { largestUnit: 'days' }).days,
    0,
  );
  if (historyDays > 0) {
    const historyQuantity = history.reduce((total, period) => total.plus(period.quantity), new Decimal(0));
    const averageDailyQuantity = historyQuantity.div(historyDays);
    return {
      expectedQuantity: averageDailyQuantity.times(days),
      basis: {
        method: 'history',
        periods: history.length,
        historyDays,
        historyQuantity,
        averageDailyQuantity,
      },
    };
  }

  switch (fallback.kind) {
    case 'default':
      return {
        expectedQuantity: fallback.dailyQuantity.times(days),
        basis: { method: 'default', dailyQuantity: fallback.dailyQuantity },
      };
    case 'profile': {
      if (fallback.dailyQuantityByMonth.length !== 12) {
        throw new RangeError(
          `Profile ${fallback.profileName} has ${fallback.dailyQuantityByMonth.length} months; expected 12.`,
        );
      }
      let expectedQuantity = new Decimal(0);
      for (let day = from; Temporal.PlainDate.compare(day, to) < 0; day = day.add({ days: 1 })) {
        expectedQuantity = expectedQuantity.plus(fallback.dailyQuantityByMonth[day.month - 1] ?? 0);
      }
      return { expectedQuantity, basis: { method: 'profile', profileName: fallback.profileName } };
    }
  }
}
