import { Temporal } from 'temporal-polyfill';
import type { TariffDefinition, UsageInput } from '@open-cis/rating';
import type { FieldIssue } from '../../../platform/errors/app-error.js';

/** A register total typed in by a person: energy (kWh), demand (kW) or volume, optionally per TOU period. */
export type RegisterQuantity = {
  measure: 'energy' | 'demand' | 'volume';
  quantity: string;
  schedule?: string;
  period?: number;
};

/** An interval reading typed in or pasted: its start instant, length, and its kWh or its average kW. */
export type IntervalQuantity = { start: string; durationSeconds: number; kwh?: string; kw?: string };

/** Usage given in a rate check request instead of an account's history: register totals or intervals. */
export type TypedUsage = { registers?: RegisterQuantity[]; intervals?: IntervalQuantity[] };

export type UsageConversion =
  { kind: 'usage'; usage: UsageInput } | { kind: 'invalid'; issues: FieldIssue[] };

// A request with thousands of bad intervals gets the first few named, which is enough to fix the file.
const MAX_ISSUES = 20;

/**
 * Converts typed usage into the rating engine's input after checking it against the tariff and period.
 * Each TOU schedule and period named must exist in a version of the tariff. Each interval must start on a
 * local day of the period, at or after the end of the interval before it.
 */
export function convertTypedUsage(
  usage: TypedUsage,
  definitions: readonly TariffDefinition[],
  period: { start: string; end: string },
  timeZone: string,
): UsageConversion {
  if (usage.registers) {
    const issues = checkRegisterPeriods(usage.registers, definitions);
    if (issues.length > 0) return { kind: 'invalid', issues };
    return { kind: 'usage', usage: { kind: 'registers', reads: usage.registers } };
  }
  const intervals = usage.intervals ?? [];
  const issues = checkIntervals(intervals, period, timeZone);
  if (issues.length > 0) return { kind: 'invalid', issues };
  return {
    kind: 'usage',
    usage: {
      kind: 'intervals',
      intervals: intervals.map((interval) => ({ ...interval, start: Temporal.Instant.from(interval.start) })),
    },
  };
}

function checkRegisterPeriods(
  registers: readonly RegisterQuantity[],
  definitions: readonly TariffDefinition[],
): FieldIssue[] {
  const periodsBySchedule = new Map<string, Set<number>>();
  for (const schedule of definitions.flatMap((definition) =>
    definition.versions.flatMap((version) => version.schedules ?? []),
  )) {
    const periods = periodsBySchedule.get(schedule.id) ?? new Set<number>();
    for (const row of [...schedule.weekday, ...schedule.weekend, ...(schedule.holiday ?? [])]) {
      for (const value of row) periods.add(value);
    }
    periodsBySchedule.set(schedule.id, periods);
  }

  const issues: FieldIssue[] = [];
  for (const [index, register] of registers.entries()) {
    if (register.schedule === undefined) continue;
    const periods = periodsBySchedule.get(register.schedule);
    if (!periods) {
      const known = [...periodsBySchedule.keys()];
      issues.push({
        path: `usage.registers.${index}.schedule`,
        message:
          known.length > 0
            ? `the tariff has no TOU schedule "${register.schedule}": use one of ${known.join(', ')}`
            : `the tariff has no TOU schedules, so "${register.schedule}" is unknown: leave schedule and period out`,
      });
    } else if (register.period !== undefined && !periods.has(register.period)) {
      issues.push({
        path: `usage.registers.${index}.period`,
        message: `schedule ${register.schedule} has no period ${register.period}: use one of ${[...periods].sort((a, b) => a - b).join(', ')}`,
      });
    }
  }
  return issues.slice(0, MAX_ISSUES);
}

function checkIntervals(
  intervals: readonly IntervalQuantity[],
  period: { start: string; end: string },
  timeZone: string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  let previousEnd: Temporal.Instant | undefined;
  for (const [index, interval] of intervals.entries()) {
    if (issues.length >= MAX_ISSUES) break;
    const start = Temporal.Instant.from(interval.start);
    const localDay = start.toZonedDateTimeISO(timeZone).toPlainDate().toString();
    if (localDay < period.start || localDay >= period.end) {
      issues.push({
        path: `usage.intervals.${index}.start`,
        message: `${interval.start} falls on ${localDay} in ${timeZone}, outside the period ${period.start} to ${period.end} (end excluded)`,
      });
    } else if (previousEnd && Temporal.Instant.compare(start, previousEnd) < 0) {
      issues.push({
        path: `usage.intervals.${index}.start`,
        message: `${interval.start} is before ${previousEnd.toString()}, the end of the interval before it: give the intervals in time order without overlaps`,
      });
    }
    previousEnd = start.add({ seconds: interval.durationSeconds });
  }
  return issues;
}
