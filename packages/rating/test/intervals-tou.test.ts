import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  placeIntervals,
  rateBillPeriod,
  type ComponentDefinition,
  type IntervalReading,
  type RateBillPeriodResult,
} from '../src/index.js';
import { buildTariff, flatMatrix, peakMatrix, period, usd } from './support/build-tariff.js';

const zone = 'America/New_York';

/** Hourly readings of 1 kWh over the local days [start, end). */
function hourly(start: string, end: string, kwh = '1'): IntervalReading[] {
  const readings: IntervalReading[] = [];
  const stop = Temporal.PlainDate.from(end).toZonedDateTime(zone).toInstant();
  for (
    let at = Temporal.PlainDate.from(start).toZonedDateTime(zone).toInstant();
    Temporal.Instant.compare(at, stop) < 0;
    at = at.add({ hours: 1 })
  ) {
    readings.push({ start: at, durationSeconds: 3600, kwh, readingId: at.toString() });
  }
  return readings;
}

const touEnergy: ComponentDefinition = {
  kind: 'energy',
  id: 'energy',
  name: 'Energy',
  schedule: 'tou',
  tierBasis: 'bill-total',
  periods: [
    { period: 0, name: 'off-peak', tiers: [{ limitUnit: 'kWh', price: '0.10' }] },
    { period: 1, name: 'peak', tiers: [{ limitUnit: 'kWh', price: '0.30' }] },
  ],
};

function kwhByPeriod(result: RateBillPeriodResult): Record<string, string> {
  if (result.kind !== 'rated') throw new Error(result.detail);
  return Object.fromEntries(
    result.lines.map((line) => [line.trace.touPeriod?.name ?? '', line.quantity.toString()]),
  );
}

describe('interval data on the local clock', () => {
  it.each([
    ['spring-forward day has 23 hours', '2024-03-10', 23],
    ['fall-back day has 25 hours', '2024-11-03', 25],
    ['ordinary day has 24 hours', '2024-07-01', 24],
  ])('%s', (_name, day, hours) => {
    const next = Temporal.PlainDate.from(day).add({ days: 1 }).toString();
    const steps = placeIntervals(hourly(day, next), zone, new Set());
    expect(steps).toHaveLength(hours);
  });

  it('puts both 01:00 hours of the fall-back day in the 01:00 period', () => {
    const tariff = buildTariff([
      {
        schedules: [{ id: 'tou', weekday: peakMatrix(1, 2), weekend: peakMatrix(1, 2) }],
        components: [touEnergy],
      },
    ]);
    const result = rateBillPeriod(tariff, {
      period: period('2024-11-03', '2024-11-04'),
      usage: { kind: 'intervals', intervals: hourly('2024-11-03', '2024-11-04') },
      settings: usd,
    });
    expect(kwhByPeriod(result)).toEqual({ 'off-peak': '23', peak: '2' });
  });

  it('skips 02:00 on the spring-forward day and keeps 03:00 in its period', () => {
    const tariff = buildTariff([
      {
        schedules: [{ id: 'tou', weekday: peakMatrix(2, 4), weekend: peakMatrix(2, 4) }],
        components: [touEnergy],
      },
    ]);
    const result = rateBillPeriod(tariff, {
      period: period('2024-03-10', '2024-03-11'),
      usage: { kind: 'intervals', intervals: hourly('2024-03-10', '2024-03-11') },
      settings: usd,
    });
    expect(kwhByPeriod(result)).toEqual({ 'off-peak': '22', peak: '1' });
  });

  it('follows daylight saving for a 16:00-21:00 peak', () => {
    const tariff = buildTariff([
      {
        schedules: [{ id: 'tou', weekday: peakMatrix(16, 21), weekend: flatMatrix(0) }],
        components: [touEnergy],
      },
    ]);
    const result = rateBillPeriod(tariff, {
      period: period('2024-07-01', '2024-07-02'),
      usage: { kind: 'intervals', intervals: hourly('2024-07-01', '2024-07-02') },
      settings: usd,
    });
    expect(kwhByPeriod(result)).toEqual({ 'off-peak': '19', peak: '5' });
  });

  it('uses the holiday schedule on a listed holiday', () => {
    const holiday = flatMatrix(0);
    const tariff = buildTariff(
      [
        {
          schedules: [{ id: 'tou', weekday: peakMatrix(16, 21), weekend: flatMatrix(0), holiday }],
          components: [touEnergy],
        },
      ],
      { holidays: ['2024-07-04'] },
    );
    const result = rateBillPeriod(tariff, {
      period: period('2024-07-04', '2024-07-05'),
      usage: { kind: 'intervals', intervals: hourly('2024-07-04', '2024-07-05') },
      settings: usd,
    });
    expect(kwhByPeriod(result)).toEqual({ 'off-peak': '24' });
  });

  it('averages demand over the demand window', () => {
    const demand: ComponentDefinition = {
      kind: 'demand',
      id: 'demand',
      name: 'Demand',
      windowMinutes: 15,
      demandUnit: 'kW',
      periods: [{ period: 0, tiers: [{ price: '10' }] }],
    };
    const tariff = buildTariff([{ components: [demand] }]);
    const start = Temporal.Instant.from('2024-07-01T14:00:00Z');
    const kw = ['10', '40', '10', '4', '4', '4'];
    const intervals = kw.map((value, index) => ({
      start: start.add({ minutes: 5 * index }),
      durationSeconds: 300,
      kw: value,
    }));
    const result = rateBillPeriod(tariff, {
      period: period('2024-07-01', '2024-08-01'),
      usage: { kind: 'intervals', intervals },
      settings: usd,
    });
    if (result.kind !== 'rated') throw new Error(result.detail);
    expect(result.lines[0]?.quantity.toString()).toBe('20');
    expect(result.totalMinor).toBe(20000n);
  });

  it('prices TOU demand by the maximum within each period', () => {
    const kwhAtHour: Record<number, string> = { 3: '7', 17: '9' };
    const demand: ComponentDefinition = {
      kind: 'demand',
      id: 'demand',
      name: 'Demand',
      schedule: 'tou',
      demandUnit: 'kW',
      periods: [
        { period: 0, tiers: [{ upTo: '5', price: '0' }, { price: '2' }] },
        { period: 1, tiers: [{ price: '12' }] },
      ],
    };
    const tariff = buildTariff([
      {
        schedules: [{ id: 'tou', weekday: peakMatrix(16, 21), weekend: flatMatrix(0) }],
        components: [demand],
      },
    ]);
    const intervals = hourly('2024-07-01', '2024-07-02').map((reading, index) => ({
      ...reading,
      kwh: kwhAtHour[index] ?? '1',
    }));
    const result = rateBillPeriod(tariff, {
      period: period('2024-07-01', '2024-08-01'),
      usage: { kind: 'intervals', intervals },
      settings: usd,
    });
    if (result.kind !== 'rated') throw new Error(result.detail);
    expect(
      result.lines.map((line) => [line.trace.touPeriod?.index, line.quantity.toString(), line.amountMinor]),
    ).toEqual([
      [0, '5', 0n],
      [0, '2', 400n],
      [1, '9', 10800n],
    ]);
  });

  it('is unrated when a TOU tariff gets only a total register', () => {
    const tariff = buildTariff([
      {
        schedules: [{ id: 'tou', weekday: peakMatrix(16, 21), weekend: flatMatrix(0) }],
        components: [touEnergy],
      },
    ]);
    const usage = {
      kind: 'registers' as const,
      reads: [{ measure: 'energy' as const, quantity: new Decimal(100) }],
    };
    expect(
      rateBillPeriod(tariff, { period: period('2024-07-01', '2024-08-01'), usage, settings: usd }),
    ).toMatchObject({ kind: 'unrated', reason: 'MISSING_TOU_REGISTER' });
  });

  it('rates TOU registers', () => {
    const tariff = buildTariff([
      {
        schedules: [{ id: 'tou', weekday: peakMatrix(16, 21), weekend: flatMatrix(0) }],
        components: [touEnergy],
      },
    ]);
    const reads = [
      { measure: 'energy' as const, schedule: 'tou', period: 0, quantity: '400' },
      { measure: 'energy' as const, schedule: 'tou', period: 1, quantity: '100' },
    ];
    const result = rateBillPeriod(tariff, {
      period: period('2024-07-01', '2024-08-01'),
      usage: { kind: 'registers', reads },
      settings: usd,
    });
    expect(result).toMatchObject({ kind: 'rated', total: '70.00' });
  });
});
