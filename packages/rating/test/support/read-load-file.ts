import { createReadStream } from 'node:fs';
import { Decimal } from 'decimal.js';
import { readGreenButton, readLoadCsv } from '@open-cis/meter-data';
import type { EnergyInterval } from '../../src/index.js';

/** The folder of shared sample data, relative to the repository root where vitest runs. */
export const sharedData = '../shared/data';

/** Reads the kw column of a load CSV, row by row, for the SAM calendar. */
export async function readCsvKw(path: string): Promise<Decimal[]> {
  const kw: Decimal[] = [];
  for await (const row of readLoadCsv(createReadStream(path), { timeZone: 'UTC' })) kw.push(row.kw);
  return kw;
}

/** Reads the energy intervals of the first usage point of a Green Button electricity feed, with its tzOffset. */
export async function readGreenButtonEnergy(
  path: string,
): Promise<{ intervals: EnergyInterval[]; tzOffsetSeconds: number }> {
  const intervals: EnergyInterval[] = [];
  let tzOffsetSeconds: number | undefined;
  for await (const event of readGreenButton(createReadStream(path))) {
    if (event.kind === 'usagePoint' && event.localTime) tzOffsetSeconds ??= event.localTime.tzOffsetSeconds;
    if (event.kind === 'localTime') tzOffsetSeconds ??= event.localTime.tzOffsetSeconds;
    if (event.kind !== 'interval') continue;
    if (event.unit !== 'Wh') throw new Error(`expected Wh readings, found ${event.unit}`);
    const kwh = event.value.mul(new Decimal(10).pow(event.powerOfTenMultiplier)).div(1000);
    intervals.push({ start: event.start, durationSeconds: event.durationSeconds, kwh });
  }
  if (tzOffsetSeconds === undefined) throw new Error(`${path} has no LocalTimeParameters`);
  return { intervals, tzOffsetSeconds };
}
