import { readFile } from 'node:fs/promises';

import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';

import {
  createLocalClock,
  MeterDataError,
  readGreenButton,
  type GreenButtonEvent,
  type GreenButtonInterval,
  type GreenButtonUsagePoint,
} from '../src/index.js';
import {
  chunkedText,
  collect,
  openSharedFile,
  parseExpectedReadings,
  sharedDataPath,
} from './support/sources.js';

const COASTAL = 'greenbutton/Coastal_Multi_Family_Jan_1_2011_to_Jan_1_2012_RetailCustomer_5.xml';
const NGMA = 'greenbutton/ngma_natural_gas_billing_billing_data_Service_1_1_2021-05-26_to_2024-04-25.xml';

type Feed = {
  events: GreenButtonEvent[];
  intervals: GreenButtonInterval[];
  usagePoints: GreenButtonUsagePoint[];
};

async function readFeed(relativePath: string): Promise<Feed> {
  const events = await collect(readGreenButton(openSharedFile(relativePath)));
  return {
    events,
    intervals: events.filter((event) => event.kind === 'interval'),
    usagePoints: events.filter((event) => event.kind === 'usagePoint'),
  };
}

function quantity(interval: GreenButtonInterval): Decimal {
  return interval.value.times(new Decimal(10).pow(interval.powerOfTenMultiplier));
}

function sum(intervals: GreenButtonInterval[]): Decimal {
  return intervals.reduce((total, interval) => total.plus(quantity(interval)), new Decimal(0));
}

/** Groups intervals by the local date of their start, on the usage point's own LocalTimeParameters. */
function byLocalDay(feed: Feed): Map<string, GreenButtonInterval[]> {
  const localTime = feed.usagePoints[0]?.localTime;
  if (localTime === undefined) {
    throw new Error('the feed has no LocalTimeParameters');
  }
  const clock = createLocalClock(localTime);
  const days = new Map<string, GreenButtonInterval[]>();
  for (const interval of feed.intervals) {
    const day = clock.toPlainDateTime(interval.start).toPlainDate().toString();
    days.set(day, [...(days.get(day) ?? []), interval]);
  }
  return days;
}

async function expectMatchesPublished(feed: Feed, expectedPath: string): Promise<void> {
  const expected = parseExpectedReadings(await readFile(sharedDataPath(expectedPath), 'utf-8'));
  expect(feed.intervals).toHaveLength(expected.length);
  feed.intervals.forEach((interval, index) => {
    const reading = expected[index];
    expect(interval.start.equals(reading?.start ?? interval.start)).toBe(true);
    expect(interval.durationSeconds).toBe(reading?.durationSeconds);
    expect(quantity(interval).toString()).toBe(reading?.quantity.toString());
    expect(interval.unit).toBe(reading?.unit);
    if (reading?.cost !== undefined) {
      expect(interval.cost?.toString()).toBe(reading.cost.toString());
    }
  });
}

describe('readGreenButton on the sample feeds', () => {
  it('reads 15minLP_15Days with its DST day', async () => {
    const feed = await readFeed('greenbutton/15minLP_15Days.xml');
    expect(feed.intervals).toHaveLength(1340);
    expect(feed.intervals.every((interval) => interval.unit === 'Wh' && interval.cost !== undefined)).toBe(
      true,
    );

    const days = byLocalDay(feed);
    expect(days.size).toBe(14);
    expect(days.get('2012-03-11')).toHaveLength(92);
    expect(days.get('2012-03-10')).toHaveLength(96);
    expect(sum(days.get('2012-03-14') ?? []).toString()).toBe('93018');
  });

  it('reads the 32-day hourly feed', async () => {
    const feed = await readFeed('greenbutton/1hrLP_32Days.xml');
    expect(feed.intervals).toHaveLength(768);
    const days = byLocalDay(feed);
    expect([...days.keys()][0]).toBe('2012-04-01');
    expect([...days.keys()].at(-1)).toBe('2012-05-02');
    expect([...days.values()].every((day) => day.length === 24)).toBe(true);
  });

  it('reads the Coastal year exactly as published', async () => {
    const feed = await readFeed(COASTAL);
    expect(feed.intervals).toHaveLength(8760);
    expect(sum(feed.intervals).div(1000).toString()).toBe('4425.305');
    expect(feed.usagePoints[0]?.serviceKind).toBe('electricity');
    expect(feed.usagePoints[0]?.localTime?.tzOffsetSeconds).toBe(-28800);

    const days = byLocalDay(feed);
    expect(days.get('2011-03-13')).toHaveLength(23);
    expect(days.get('2011-11-06')).toHaveLength(25);
    expect(days.get('2011-07-01')).toHaveLength(24);
    await expectMatchesPublished(
      feed,
      'greenbutton/expected/Coastal_Multi_Family_Jan_1_2011_to_Jan_1_2012_RetailCustomer_5.txt',
    );
  });

  it('reads monthly gas in therm', async () => {
    const feed = await readFeed('greenbutton/Gas.xml');
    expect(feed.intervals).toHaveLength(13);
    expect(feed.usagePoints[0]?.serviceKind).toBe('gas');
    expect(feed.intervals.every((interval) => interval.unit === 'therm')).toBe(true);
    expect(feed.intervals.every((interval) => interval.powerOfTenMultiplier === -3)).toBe(true);
    const days = new Set(feed.intervals.map((interval) => interval.durationSeconds / 86_400));
    expect(days).toEqual(new Set([14, 29, 30, 31, 30 + 1 / 24, 31 - 1 / 24]));
  });

  it('reads water with a positive multiplier', async () => {
    const feed = await readFeed('greenbutton/Water.xml');
    expect(feed.intervals).toHaveLength(2);
    expect(feed.usagePoints[0]?.serviceKind).toBe('water');
    expect(feed.intervals.map((interval) => interval.unit)).toEqual(['US gal', 'US gal']);
    expect(feed.intervals.map((interval) => interval.powerOfTenMultiplier)).toEqual([3, 3]);
    expect(sum(feed.intervals).toString()).toBe('29866000');
  });

  it('reads NGMA billing periods with cost', async () => {
    const feed = await readFeed(NGMA);
    expect(feed.intervals).toHaveLength(35);
    expect(feed.usagePoints[0]?.title).toBe('1 MAIN ST, ANYTOWN ME 12345');
    expect(feed.usagePoints[0]?.localTime).toBeUndefined();
    const first = feed.intervals[0];
    expect(first).toBeDefined();
    expect(first ? quantity(first).toString() : undefined).toBe('37');
    expect(first?.cost?.toFixed(2)).toBe('51.00');
    expect(first?.currency).toBe('USD');
    await expectMatchesPublished(feed, `greenbutton/expected/${NGMA.slice('greenbutton/'.length, -4)}.txt`);
  });

  it('reads the abridged feeds as published', async () => {
    for (const name of ['electric_containerized', 'gas_direct']) {
      const feed = await readFeed(`greenbutton/abridged/${name}.xml`);
      await expectMatchesPublished(feed, `greenbutton/expected/abridged/${name}.txt`);
    }
  });

  it('rejects fractional epoch starts with their position', async () => {
    const error = await collect(
      readGreenButton(openSharedFile('greenbutton/abridged/gas_containerized.xml')),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MeterDataError);
    expect(error).toMatchObject({
      code: 'INVALID_TIMESTAMP',
      line: 52,
      column: 23,
      field: 'IntervalReading/timePeriod/start',
      value: '1721154384.66136',
    });
  });

  it('reports fractional starts and reads on', async () => {
    const events = await collect(
      readGreenButton(openSharedFile('greenbutton/abridged/gas_containerized.xml'), { onInvalid: 'report' }),
    );
    const invalid = events.filter((event) => event.kind === 'invalid');
    expect(invalid.map((event) => event.line)).toEqual([52, 69, 86]);
    expect(events.filter((event) => event.kind === 'interval')).toHaveLength(0);
    // The atom: and ns: prefixes resolve by namespace, so the resources are still found.
    const usagePoint = events.find((event) => event.kind === 'usagePoint');
    expect(usagePoint).toMatchObject({ usagePointId: 'User/1111111/UsagePoint/01', serviceKind: 'unknown' });
    expect(usagePoint?.kind).toBe('usagePoint');
    expect(usagePoint?.kind === 'usagePoint' ? usagePoint.localTime?.tzOffsetSeconds : undefined).toBe(18000);
  });

  it('gives the same result in small chunks', async () => {
    const text = await readFile(sharedDataPath('greenbutton/Gas.xml'), 'utf-8');
    const events = await collect(readGreenButton(chunkedText(text, 5)));
    const whole = await readFeed('greenbutton/Gas.xml');
    expect(events).toEqual(whole.events);
  });
});

describe('readGreenButton memory bound', () => {
  it('stops when too many readings wait for their ReadingType', async () => {
    // This feed places its ReadingType after the IntervalBlocks, so every reading waits for it.
    const reading = collect(
      readGreenButton(openSharedFile('greenbutton/15minLP_15Days.xml'), { maxPendingReadings: 100 }),
    );

    await expect(reading).rejects.toBeInstanceOf(MeterDataError);
    await expect(reading).rejects.toMatchObject({
      code: 'TOO_MANY_UNLINKED_READINGS',
      field: 'IntervalBlock',
    });
    await expect(reading).rejects.toThrow(/More than 100 readings arrived before the ReadingType/);
  });
});
