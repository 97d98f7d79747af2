import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import type { BillLine } from './bill-line.js';
import type { SegmentContext } from './charges/segment-context.js';
import type { CompiledTariff } from './compiled-tariff.js';
import { minorUnitExponent, formatMinorUnits, type RoundingMode } from './currency-rounding.js';
import { daysBetween, splitByVersion, type PeriodSegment } from './period-segments.js';
import { settleAnnualMinimum } from './settle-annual-minimum.js';
import { rateSegmentCharges, rateSegmentTaxes, type Settlement } from './rate-segment.js';
import { createIntervalUsage } from './usage/interval-usage.js';
import { toDayKey, type LoadStep } from './usage/load-step.js';
import { placeIntervals, type IntervalReading } from './usage/place-intervals.js';
import { createRegisterUsage, type RegisterRead } from './usage/register-usage.js';
import { MissingUsageError, type SegmentUsage } from './usage/segment-usage.js';

/** Company settings that rating needs. `minorUnitExponent` overrides the ISO 4217 exponent of `currency`. */
export type RatingSettings = {
  currency: string;
  minorUnitExponent?: number;
  rounding: RoundingMode;
  timeZone: string;
};

/**
 * The usage to rate: register totals over the part of the period in service, interval readings (placed on
 * the local clock of the company's time zone here), or intervals already placed by `placeIntervals`.
 */
export type UsageInput =
  | { kind: 'registers'; reads: readonly RegisterRead[] }
  | { kind: 'intervals'; intervals: Iterable<IntervalReading> }
  | { kind: 'placed-intervals'; steps: readonly LoadStep[] };

export type RateBillPeriodRequest = {
  /** Billing period as half-open local dates [start, end). */
  period: { start: Temporal.PlainDate; end: Temporal.PlainDate };
  /** Service agreement dates; a start or end inside the period prorates the bill by days. */
  service?: { start?: Temporal.PlainDate; end?: Temporal.PlainDate };
  usage: UsageInput;
  /** Named quantities for components that price an input, such as a winter-average volume. */
  inputs?: Readonly<Record<string, Decimal | string>>;
  /** Charges before minimums billed earlier in the settlement year; needed when an annual minimum settles. */
  annualChargesBeforeMinimum?: Decimal | string;
  settings: RatingSettings;
};

export type UnratedReason =
  | 'INVALID_PERIOD'
  | 'NO_SERVICE_IN_PERIOD'
  | 'NO_TARIFF_VERSION'
  | 'MISSING_TOU_REGISTER'
  | 'MISSING_ENERGY'
  | 'MISSING_DEMAND'
  | 'MISSING_VOLUME'
  | 'MISSING_INPUT'
  | 'MISSING_YEAR_TO_DATE';

export type RateBillPeriodResult =
  | {
      kind: 'rated';
      currency: string;
      minorUnitExponent: number;
      lines: BillLine[];
      totalMinor: bigint;
      /** totalMinor in major units, as a decimal string. */
      total: string;
    }
  | { kind: 'unrated'; reason: UnratedReason; detail: string };

/**
 * Rates one billing period. The period is split where tariff versions change; each segment is priced by
 * its version with fixed charges and per-period tier limits prorated by segment days ÷ period days. Each
 * line is rounded on its own and the total is the sum of the rounded lines.
 */
export function rateBillPeriod(tariff: CompiledTariff, request: RateBillPeriodRequest): RateBillPeriodResult {
  return rateWithConventions(tariff, request, 'real');
}

/** The shared rating path; the SAM comparison calls it with `sam` conventions and no rounding. */
export function rateWithConventions(
  tariff: CompiledTariff,
  request: RateBillPeriodRequest,
  conventions: SegmentContext['conventions'],
  rounding?: 'none',
): RateBillPeriodResult {
  const { period, settings } = request;
  const periodDays = daysBetween(period.start, period.end);
  if (periodDays <= 0)
    return {
      kind: 'unrated',
      reason: 'INVALID_PERIOD',
      detail: `period ${period.start.toString()} to ${period.end.toString()} is empty`,
    };
  const start = latest(period.start, request.service?.start);
  const end = earliest(period.end, request.service?.end);
  if (Temporal.PlainDate.compare(start, end) >= 0) {
    return {
      kind: 'unrated',
      reason: 'NO_SERVICE_IN_PERIOD',
      detail: 'the service agreement does not overlap the period',
    };
  }
  const segments = splitByVersion(tariff, start, end);
  if (!segments) {
    return {
      kind: 'unrated',
      reason: 'NO_TARIFF_VERSION',
      detail: `no tariff version of ${tariff.definition.id} is in force on ${start.toString()}`,
    };
  }
  const exponent = settings.minorUnitExponent ?? minorUnitExponent(settings.currency);
  const settlement: Settlement = { exponent, rounding: rounding ?? settings.rounding };
  const inputs = new Map(
    Object.entries(request.inputs ?? {}).map(([name, value]) => [name, new Decimal(value)]),
  );
  const activeDays = daysBetween(start, end);
  const steps =
    request.usage.kind === 'intervals'
      ? placeIntervals(request.usage.intervals, settings.timeZone, tariff.holidays)
      : undefined;

  try {
    const contexts = segments.map((segment): SegmentContext => ({
      version: segment.version,
      usage: segmentUsage(request.usage, steps, segment, activeDays, conventions === 'sam'),
      days: segment.days,
      factor: new Decimal(segment.days).div(periodDays),
      months: segment.months,
      conventions,
      inputs,
    }));
    const bases = segments.map((segment) => ({
      start: segment.start.toString(),
      end: segment.end.toString(),
    }));
    const chargeLines = contexts.map((context, index) =>
      rateSegmentCharges(context, settlement, bases[index] ?? { start: '', end: '' }),
    );
    const annual = settleAnnualMinimum({ segments, contexts, chargeLines, settlement, request });
    if (annual.kind === 'unrated') return annual;
    const lines = contexts.flatMap((context, index) => {
      const charges = chargeLines[index] ?? [];
      const base = bases[index] ?? { start: '', end: '' };
      return [...charges, ...rateSegmentTaxes(context, charges, settlement, base)];
    });
    const totalMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0n);
    return {
      kind: 'rated',
      currency: settings.currency,
      minorUnitExponent: exponent,
      lines,
      totalMinor,
      total: formatMinorUnits(totalMinor, exponent),
    };
  } catch (error) {
    if (error instanceof MissingUsageError)
      return { kind: 'unrated', reason: error.reason, detail: error.message };
    throw error;
  }
}

function segmentUsage(
  usage: UsageInput,
  placed: LoadStep[] | undefined,
  segment: PeriodSegment,
  activeDays: number,
  ignoreDemandWindow: boolean,
): SegmentUsage {
  if (usage.kind === 'registers') {
    return createRegisterUsage(usage.reads, {
      share: segment.days === activeDays ? new Decimal(1) : new Decimal(segment.days).div(activeDays),
      months: segment.months,
      gasKwhPerCubicMetre: segment.version.gasKwhPerCubicMetre,
    });
  }
  const steps = placed ?? (usage.kind === 'placed-intervals' ? usage.steps : []);
  const from = toDayKey(segment.start.year, segment.start.month, segment.start.day);
  const to = toDayKey(segment.end.year, segment.end.month, segment.end.day);
  return createIntervalUsage(
    steps.filter((step) => step.dayKey >= from && step.dayKey < to),
    { ignoreDemandWindow },
  );
}

function latest(date: Temporal.PlainDate, other: Temporal.PlainDate | undefined): Temporal.PlainDate {
  return other && Temporal.PlainDate.compare(other, date) > 0 ? other : date;
}

function earliest(date: Temporal.PlainDate, other: Temporal.PlainDate | undefined): Temporal.PlainDate {
  return other && Temporal.PlainDate.compare(other, date) < 0 ? other : date;
}
