import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import type { EnergyChannel, StoredInterval } from '../db/load-interval-inputs.js';
import type { AgreementUsage } from './agreement-usage.js';

/**
 * Usage of a read period [start, end) from a service point's kWh interval channel: the readings whose
 * start falls on a local date inside the period. The period is billed on interval data only when they
 * cover every second of it (23- and 25-hour days included); a gap makes the account an exception, because
 * billing around missing intervals would undercharge without saying so. Returns undefined when the
 * channel has no readings at all in the period, so register reads can be used instead.
 */
export function computeIntervalUsage(
  channel: EnergyChannel,
  intervals: readonly StoredInterval[],
  period: { start: string; end: string },
  timeZone: string,
): AgreementUsage | undefined {
  const startInstant = Temporal.PlainDate.from(period.start).toZonedDateTime(timeZone).toInstant();
  const endInstant = Temporal.PlainDate.from(period.end).toZonedDateTime(timeZone).toInstant();
  const inPeriod = intervals.filter(
    (interval) =>
      Temporal.Instant.compare(interval.start, startInstant) >= 0 &&
      Temporal.Instant.compare(interval.start, endInstant) < 0,
  );
  if (inPeriod.length === 0) return undefined;

  const expectedSeconds = endInstant.since(startInstant).total({ unit: 'seconds' });
  const coveredSeconds = inPeriod.reduce((total, interval) => total + interval.durationSeconds, 0);
  if (coveredSeconds !== expectedSeconds) {
    const missingHours = ((expectedSeconds - coveredSeconds) / 3600).toFixed(2);
    return {
      kind: 'exception',
      reasonCode: 'INCOMPLETE_INTERVAL_DATA',
      detail: `Channel ${channel.name} covers ${coveredSeconds} of the ${expectedSeconds} seconds from ${period.start} to ${period.end} (${missingHours} hours missing or overlapping).`,
    };
  }
  const totalKwh = inPeriod.reduce((total, interval) => total.plus(interval.kwh), new Decimal(0));
  return {
    kind: 'usage',
    periodStart: period.start,
    periodEnd: period.end,
    isEstimated: false,
    usage: {
      kind: 'intervals',
      intervals: inPeriod.map((interval) => ({
        start: interval.start,
        durationSeconds: interval.durationSeconds,
        kwh: interval.kwh,
      })),
    },
    consumption: {
      source: 'interval-data',
      channelId: channel.id,
      channelName: channel.name,
      intervals: inPeriod.length,
      firstStart: inPeriod[0]?.start.toString(),
      totalKwh: totalKwh.toString(),
    },
    estimatedReads: [],
  };
}
