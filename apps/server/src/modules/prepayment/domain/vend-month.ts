import { Temporal } from 'temporal-polyfill';

export type VendMonth = {
  /** First day of the company-local month, such as "2026-03-01". */
  vendMonth: string;
  /** The company-local date of the vend, which is its accounting date. */
  accountingDate: string;
  /** The instants where the month starts and the next one starts: [start, end). */
  start: Temporal.Instant;
  end: Temporal.Instant;
};

/**
 * Places an instant in its month on the company's clock. The month's bounds are the starts of the first
 * days in that zone. So a month whose first day begins on a daylight saving change, even one that skips
 * midnight, starts at the zone's first instant of that day.
 */
export function computeVendMonth(at: Temporal.Instant, timeZone: string): VendMonth {
  // A batch of vends shares one instant and zone, and the zone arithmetic costs more than the rest of a
  // quote, so the last result is kept. Temporal values are immutable, and the object is frozen.
  if (last !== undefined && last.timeZone === timeZone && last.at.equals(at)) return last.month;
  const month = placeInMonth(at, timeZone);
  last = { at, timeZone, month };
  return month;
}

let last: { at: Temporal.Instant; timeZone: string; month: VendMonth } | undefined;

function placeInMonth(at: Temporal.Instant, timeZone: string): VendMonth {
  const local = at.toZonedDateTimeISO(timeZone);
  const first = local.toPlainDate().with({ day: 1 });
  return Object.freeze({
    vendMonth: first.toString(),
    accountingDate: local.toPlainDate().toString(),
    start: first.toZonedDateTime({ timeZone }).toInstant(),
    end: first.add({ months: 1 }).toZonedDateTime({ timeZone }).toInstant(),
  });
}
