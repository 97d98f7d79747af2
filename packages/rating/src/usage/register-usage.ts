import { Decimal } from 'decimal.js';
import type { CompiledSchedule } from '../compiled-tariff.js';
import { MissingUsageError, type SegmentUsage } from './segment-usage.js';

/**
 * A register total over the read period: energy in kWh, demand in kW (the register's maximum), or volume
 * in the unit of the tariff's volume charge. A TOU register names the schedule and period it measures.
 * `readingIds` are the caller's ids of the reads behind the value; they are copied into each line's trace.
 */
export type RegisterRead = {
  measure: 'energy' | 'demand' | 'volume';
  schedule?: string;
  period?: number;
  quantity: Decimal | string;
  readingIds?: readonly string[];
};

/** Days of a segment that fall in each calendar month (month 1–12). */
export type MonthDays = { month: number; days: number };

/**
 * Usage of one segment from register totals. Energy and volume are apportioned to the segment by
 * `share` (its days ÷ the days the reads cover); demand is a maximum and is not apportioned.
 */
export function createRegisterUsage(
  reads: readonly RegisterRead[],
  options: { share: Decimal; months: readonly MonthDays[]; gasKwhPerCubicMetre?: Decimal },
): SegmentUsage {
  const { share, months } = options;
  const readingIds = reads.flatMap((read) => read.readingIds ?? []);
  const sum = (selected: RegisterRead[]): Decimal =>
    selected.reduce((total, read) => total.plus(read.quantity), new Decimal(0)).mul(share);
  const energyTotals = reads.filter((read) => read.measure === 'energy' && read.period === undefined);
  const energyByPeriod = reads.filter((read) => read.measure === 'energy' && read.period !== undefined);
  const volumes = reads.filter((read) => read.measure === 'volume');
  const demandTotals = reads.filter((read) => read.measure === 'demand' && read.period === undefined);
  const volume = volumes.length > 0 ? sum(volumes) : undefined;
  let total: Decimal | undefined;

  const usage: SegmentUsage = {
    source: 'registers',
    readingIds,
    totalKwh() {
      if (total) return total;
      if (energyTotals.length > 0) total = sum(energyTotals);
      else if (energyByPeriod.length > 0) total = sum(energyByPeriod);
      else if (volume && options.gasKwhPerCubicMetre) total = volume.mul(options.gasKwhPerCubicMetre);
      else
        throw new MissingUsageError(
          'MISSING_ENERGY',
          'the tariff prices energy but no energy register read was given',
        );
      return total;
    },
    kwhByPeriod(schedule) {
      const touReads = energyByPeriod.filter((read) => read.schedule === schedule.id);
      if (touReads.length > 0) return mapByPeriod(touReads, share, (a, b) => a.plus(b));
      return splitByMonthPeriods(schedule, months, usage.totalKwh(), 'energy');
    },
    peakKw() {
      const selected =
        demandTotals.length > 0 ? demandTotals : reads.filter((read) => read.measure === 'demand');
      if (selected.length === 0) {
        throw new MissingUsageError(
          'MISSING_DEMAND',
          'the tariff prices demand but no demand register read was given',
        );
      }
      return Decimal.max(...selected.map((read) => new Decimal(read.quantity)));
    },
    peakKwByPeriod(schedule) {
      const touReads = reads.filter((read) => read.measure === 'demand' && read.schedule === schedule.id);
      if (touReads.length > 0) return mapByPeriod(touReads, new Decimal(1), (a, b) => Decimal.max(a, b));
      const peak = usage.peakKw(undefined);
      const periods = splitByMonthPeriods(schedule, months, peak, 'demand');
      return new Map([...periods.keys()].map((period) => [period, peak]));
    },
    volume() {
      return volume;
    },
  };
  return usage;
}

function mapByPeriod(
  reads: RegisterRead[],
  scale: Decimal,
  combine: (a: Decimal, b: Decimal) => Decimal,
): Map<number, Decimal> {
  const byPeriod = new Map<number, Decimal>();
  for (const read of reads) {
    const period = read.period ?? 0;
    const value = new Decimal(read.quantity).mul(scale);
    const current = byPeriod.get(period);
    byPeriod.set(period, current ? combine(current, value) : value);
  }
  return byPeriod;
}

/**
 * A total register can serve a schedule only when each month it covers has one period at every hour (a
 * seasonal rate without TOU hours); the total is then split across those periods by days.
 */
function splitByMonthPeriods(
  schedule: CompiledSchedule,
  months: readonly MonthDays[],
  quantity: Decimal,
  measure: 'energy' | 'demand',
): Map<number, Decimal> {
  const totalDays = months.reduce((sum, entry) => sum + entry.days, 0);
  const byPeriod = new Map<number, Decimal>();
  for (const { month, days } of months) {
    const period = schedule.singlePeriodByMonth[month - 1];
    if (period === undefined) {
      throw new MissingUsageError(
        'MISSING_TOU_REGISTER',
        `schedule ${schedule.id} has time-of-use hours in month ${month}; give ${measure} reads per TOU period or interval data`,
      );
    }
    const part = quantity.mul(days).div(totalDays);
    byPeriod.set(period, (byPeriod.get(period) ?? new Decimal(0)).plus(part));
  }
  return byPeriod;
}
