import { createReadStream } from 'node:fs';
import { Decimal } from 'decimal.js';
import { MeterDataError, readGreenButton, readLoadCsv } from '@open-cis/meter-data';
import type { EnergyInterval, IntervalReading } from '@open-cis/rating';
import { samLoadFromIntervals } from '@open-cis/rating';

const whPerUnit: Readonly<Record<string, Decimal>> = { Wh: new Decimal(1), kWh: new Decimal(1000) };

/**
 * Reads a load for the SAM comparison: the kw column of a load CSV row by row (row i is step i, whatever
 * its stamp says), or a Green Button year placed by hour of the year in local standard time.
 */
export async function readSamLoad(path: string): Promise<Decimal[]> {
  if (isGreenButton(path)) {
    const { intervals, tzOffsetSeconds } = await readGreenButtonEnergy(path);
    return samLoadFromIntervals(intervals, tzOffsetSeconds);
  }
  const kw: Decimal[] = [];
  await withLoadErrors(path, async () => {
    for await (const row of readLoadCsv(createReadStream(path), { timeZone: 'UTC' })) kw.push(row.kw);
  });
  return kw;
}

/**
 * Reads a load as instants for real-calendar billing. CSV stamps without an offset are local clock time in
 * `timeZone`; Green Button starts are UTC instants already.
 */
export async function readCalendarLoad(path: string, timeZone: string): Promise<IntervalReading[]> {
  if (isGreenButton(path)) {
    const { intervals } = await readGreenButtonEnergy(path);
    return intervals.map((interval) => ({
      start: interval.start,
      durationSeconds: interval.durationSeconds,
      kwh: interval.kwh,
    }));
  }
  const readings: IntervalReading[] = [];
  await withLoadErrors(path, async () => {
    for await (const row of readLoadCsv(createReadStream(path), { timeZone })) {
      readings.push({
        start: row.start,
        durationSeconds: row.durationSeconds,
        kw: row.kw,
        readingId: `line ${row.line}`,
      });
    }
  });
  return readings;
}

function isGreenButton(path: string): boolean {
  return path.toLowerCase().endsWith('.xml');
}

/** Energy intervals of the feed's electricity readings in kWh, with the usage point's standard-time offset. */
async function readGreenButtonEnergy(
  path: string,
): Promise<{ intervals: EnergyInterval[]; tzOffsetSeconds: number }> {
  const intervals: EnergyInterval[] = [];
  let tzOffsetSeconds: number | undefined;
  await withLoadErrors(path, async () => {
    for await (const event of readGreenButton(createReadStream(path))) {
      if (event.kind === 'usagePoint' && event.localTime) tzOffsetSeconds ??= event.localTime.tzOffsetSeconds;
      if (event.kind === 'localTime') tzOffsetSeconds ??= event.localTime.tzOffsetSeconds;
      if (event.kind !== 'interval') continue;
      const perUnit = whPerUnit[event.unit];
      if (!perUnit) {
        throw new Error(
          `${path}, line ${event.line}: interval unit ${event.unit} is not energy; expected Wh or kWh`,
        );
      }
      const kwh = event.value.mul(new Decimal(10).pow(event.powerOfTenMultiplier)).mul(perUnit).div(1000);
      intervals.push({ start: event.start, durationSeconds: event.durationSeconds, kwh });
    }
  });
  if (intervals.length === 0) throw new Error(`${path}: the feed has no interval readings`);
  if (tzOffsetSeconds === undefined)
    throw new Error(`${path}: the feed has no LocalTimeParameters (tzOffset)`);
  return { intervals, tzOffsetSeconds };
}

/** Rethrows a reader error with the file name, line and value, the way the command reports a bad row. */
async function withLoadErrors(path: string, read: () => Promise<void>): Promise<void> {
  try {
    await read();
  } catch (error) {
    if (error instanceof MeterDataError) {
      const value = error.value === undefined ? '' : ` (value ${JSON.stringify(error.value)})`;
      throw new Error(`invalid load file ${path}, line ${error.line}: ${error.message}${value}`, {
        cause: error,
      });
    }
    throw error;
  }
}
