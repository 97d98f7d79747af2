import { Temporal } from 'temporal-polyfill';

/**
 * Reads a URDB rate's `startdate` as a day in `timeZone` when it is given as Unix seconds, the form the
 * URDB API returns. Returns undefined for the other forms (a "YYYY-MM-DD hh:mm:ss" text already names
 * the day, and a missing date is reported by importUrdbTariff) and for documents it cannot unwrap.
 * The document may be the API response `{"items":[…]}`, a bare rate, or either as a JSON string.
 */
export function readUrdbStartDate(document: unknown, timeZone: string): Temporal.PlainDate | undefined {
  const rate = unwrapRate(document);
  const start = rate?.startdate;
  if (typeof start !== 'number' || !Number.isSafeInteger(start)) return undefined;
  return Temporal.Instant.fromEpochMilliseconds(start * 1000)
    .toZonedDateTimeISO(timeZone)
    .toPlainDate();
}

function unwrapRate(document: unknown): Record<string, unknown> | undefined {
  let value = document;
  for (let depth = 0; typeof value === 'string' && depth < 3; depth++) {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  if (!isRecord(value)) return undefined;
  if (!('items' in value)) return value;
  const first: unknown = Array.isArray(value.items) ? value.items[0] : undefined;
  return isRecord(first) ? first : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
