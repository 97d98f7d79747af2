import { createReadStream } from 'node:fs';
import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import { MeterDataError, readGreenButton, readLoadCsv } from '@open-cis/meter-data';
import type { EnergyInterval, IntervalReading } from '@open-cis/rating';
import { samLoadFromIntervals } from '@open-cis/rating';

const whPerUnit: Readonly<Record<string, Decimal>> = { Wh: new Decimal(1), kWh: new Decimal(1000) };

/**
 * Largest average demand accepted in one interval, a chosen sanity limit: 1,000,000 kW (1 GW) is the output
 * of a large power station, so a meter reading more is a unit or parsing mistake, such as 1e308.
 */
const maxIntervalKw = new Decimal(1_000_000);

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
  await withLoadErrors(path, undefined, async () => {
    for await (const row of readLoadCsv(createReadStream(path), { timeZone: 'UTC' })) {
      kw.push(assertLoadKw(path, row.line, row.kw));
    }
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
  await withLoadErrors(path, timeZone, async () => {
    for await (const row of readLoadCsv(createReadStream(path), { timeZone })) {
      readings.push({
        start: row.start,
        durationSeconds: row.durationSeconds,
        kw: assertLoadKw(path, row.line, row.kw),
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
  await withLoadErrors(path, undefined, async () => {
    for await (const event of readGreenButton(createReadStream(path))) {
      if (event.kind === 'usagePoint' && event.localTime) tzOffsetSeconds ??= event.localTime.tzOffsetSeconds;
      if (event.kind === 'localTime') tzOffsetSeconds ??= event.localTime.tzOffsetSeconds;
      if (event.kind !== 'interval') continue;
      const perUnit = whPerUnit[event.unit];
      if (!perUnit) {
        throw new Error(
          `invalid load file ${path}: Line ${event.line}: the interval is in ${event.unit}, but the load must be electricity in Wh or kWh.`,
        );
      }
      const kwh = event.value.mul(new Decimal(10).pow(event.powerOfTenMultiplier)).mul(perUnit).div(1000);
      assertLoadKw(path, event.line, kwh.mul(3600).div(event.durationSeconds));
      intervals.push({ start: event.start, durationSeconds: event.durationSeconds, kwh });
    }
  });
  if (intervals.length === 0) throw new Error(`${path}: the feed has no interval readings`);
  if (tzOffsetSeconds === undefined)
    throw new Error(`${path}: the feed has no LocalTimeParameters (tzOffset)`);
  return { intervals, tzOffsetSeconds };
}

/**
 * Rejects an average demand the engine cannot bill: a negative one is export, which `cis rate` does not
 * bill, and one above `maxIntervalKw` is a unit or parsing mistake.
 */
function assertLoadKw(path: string, line: number, kw: Decimal): Decimal {
  if (kw.isNegative()) {
    throw new Error(
      `invalid load file ${path}: Line ${line}: ${kw.toString()} kW is negative; the load must be consumption ≥ 0, because cis rate does not bill export.`,
    );
  }
  if (kw.greaterThan(maxIntervalKw)) {
    throw new Error(
      `invalid load file ${path}: Line ${line}: ${kw.toString()} kW is above the limit of 1,000,000 kW per interval; check the unit and the value.`,
    );
  }
  return kw;
}

/**
 * Rethrows a reader error with the file name, and with the line and value unless its message states them.
 * A local time that does not exist in `timeZone` gets a hint, because SAM loads are stamped in standard time.
 */
async function withLoadErrors(
  path: string,
  timeZone: string | undefined,
  read: () => Promise<void>,
): Promise<void> {
  try {
    await read();
  } catch (error) {
    if (!(error instanceof MeterDataError)) throw error;
    const mentionsLine = new RegExp(`\\bline ${error.line}\\b`, 'i').test(error.message);
    const where = mentionsLine ? '' : `Line ${error.line}: `;
    const showsValue = error.value === undefined || error.message.includes(error.value);
    const value = showsValue ? '' : ` (value ${JSON.stringify(error.value)})`;
    const hint =
      error.code === 'NONEXISTENT_LOCAL_TIME' && timeZone !== undefined
        ? ` ${standardTimeHint(timeZone, error.value)}`
        : '';
    throw new Error(`invalid load file ${path}: ${where}${error.message}${value}${hint}`, { cause: error });
  }
}

/**
 * Suggests a fixed-offset zone for a load stamped in local standard time all year (as SAM's 8760-hour
 * loads are), which has the hour that daylight saving time skips. Etc/GMT+N is N hours behind UTC.
 */
function standardTimeHint(timeZone: string, startText: string | undefined): string {
  const year = Number(/^\d{4}/.exec(startText ?? '')?.[0] ?? 2018);
  const offsets = [1, 7].map(
    (month) =>
      Temporal.PlainDate.from({ year, month, day: 1 }).toZonedDateTime(timeZone).offsetNanoseconds / 3.6e12,
  );
  const standardHours = Math.min(...offsets);
  const zone = Number.isInteger(standardHours)
    ? `Etc/GMT${standardHours <= 0 ? '+' : '-'}${Math.abs(standardHours)}`
    : 'Etc/GMT+N (N hours behind UTC)';
  return `The file looks like local standard time with no daylight saving time: give --timezone ${zone} to read it so, or use --mode sam, which places row i at hour i of the year.`;
}
