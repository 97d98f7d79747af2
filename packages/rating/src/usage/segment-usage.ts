import type { Decimal } from 'decimal.js';
import type { CompiledSchedule } from '../compiled-tariff.js';

/**
 * The quantities of one bill segment (the part of a billing period under one tariff version), as the
 * component evaluators read them. Register totals and interval data each implement it.
 */
export type SegmentUsage = {
  readonly source: 'registers' | 'intervals';
  totalKwh(): Decimal;
  /** kWh in each period of the schedule. */
  kwhByPeriod(schedule: CompiledSchedule): ReadonlyMap<number, Decimal>;
  /** Maximum demand over the segment, averaged over `windowMinutes` when given and the data allow it. */
  peakKw(windowMinutes: number | undefined): Decimal;
  /** Maximum demand within each period of the schedule. */
  peakKwByPeriod(schedule: CompiledSchedule, windowMinutes: number | undefined): ReadonlyMap<number, Decimal>;
  /** Metered volume (water, sewer, gas) in the unit it was read in, or undefined when none was given. */
  volume(): Decimal | undefined;
  readingIds: readonly string[];
};

/** Raised when the usage given cannot price a component, for example a TOU tariff with a single total register. */
export class MissingUsageError extends Error {
  readonly reason:
    'MISSING_TOU_REGISTER' | 'MISSING_ENERGY' | 'MISSING_DEMAND' | 'MISSING_VOLUME' | 'MISSING_INPUT';

  constructor(reason: MissingUsageError['reason'], message: string) {
    super(message);
    this.name = 'MissingUsageError';
    this.reason = reason;
  }
}
