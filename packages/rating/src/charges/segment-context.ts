import type { Decimal } from 'decimal.js';
import type { CompiledVersion } from '../compiled-tariff.js';
import type { MonthDays } from '../usage/register-usage.js';
import type { SegmentUsage } from '../usage/segment-usage.js';

/**
 * Conventions that differ between a real bill and the NREL SAM comparison: SAM bills a $/day fixed charge
 * as 365/12 days in every month and ignores the demand window.
 */
export type RatingConventions = 'real' | 'sam';

/** Everything a component needs to price one bill segment. */
export type SegmentContext = {
  version: CompiledVersion;
  usage: SegmentUsage;
  days: number;
  /** Segment days ÷ billing period days. */
  factor: Decimal;
  months: readonly MonthDays[];
  conventions: RatingConventions;
  inputs: ReadonlyMap<string, Decimal>;
};

/** Prints a decimal for a formula: at most 6 decimals, no trailing zeros. */
export function show(value: Decimal): string {
  return value.toDecimalPlaces(6).toString();
}

export function seasonOf(context: SegmentContext, months: readonly number[]): string | undefined {
  const names = [...new Set(months.map((month) => context.version.seasonByMonth[month]?.name))];
  return names.every((name) => name !== undefined) ? names.join(' + ') : undefined;
}

export function prorationText(context: SegmentContext): string {
  return context.factor.eq(1) ? '' : ` × proration ${show(context.factor)}`;
}
