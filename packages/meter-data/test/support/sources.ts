import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';

/** Absolute path of a file in the shared sample data, read in place and never copied into the repository. */
export function sharedDataPath(relativePath: string): string {
  return fileURLToPath(new URL(`../../../../../shared/data/${relativePath}`, import.meta.url));
}

export function openSharedFile(relativePath: string): AsyncIterable<Buffer> {
  return createReadStream(sharedDataPath(relativePath)) as AsyncIterable<Buffer>;
}

/** Streams `text` as UTF-8 Buffers of `chunkBytes` bytes, so multi-byte characters and tags get split. */
export async function* chunkedText(text: string, chunkBytes = 7): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf-8');
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    await Promise.resolve();
    yield bytes.subarray(offset, offset + chunkBytes);
  }
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const result: T[] = [];
  for await (const item of items) {
    result.push(item);
  }
  return result;
}

/** One reading line of a published expected parse, such as `2021-05-26 00:00:00+00:00, 35 days, 0:00:00: 37 therm($51.0)`. */
export type ExpectedReading = {
  start: Temporal.Instant;
  durationSeconds: number;
  quantity: Decimal;
  unit: string;
  cost: Decimal | undefined;
};

const EXPECTED_LINE =
  /^\s+(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})\+00:00, (?:(\d+) days?, )?(\d+):(\d{2}):(\d{2}): (\S+) (\S+?)(?:\(\$([\d.]+)\))?(?: \[\w+\])?$/;

export function parseExpectedReadings(text: string): ExpectedReading[] {
  const readings: ExpectedReading[] = [];
  for (const line of text.split('\n')) {
    const match = EXPECTED_LINE.exec(line);
    if (match === null) {
      continue;
    }
    const [, date, time, days, hours, minutes, seconds, quantity, unit, cost] = match;
    readings.push({
      start: Temporal.Instant.from(`${date}T${time}Z`),
      durationSeconds:
        Number(days ?? 0) * 86_400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds),
      quantity: new Decimal(quantity ?? ''),
      unit: unit ?? '',
      cost: cost === undefined ? undefined : new Decimal(cost),
    });
  }
  return readings;
}
