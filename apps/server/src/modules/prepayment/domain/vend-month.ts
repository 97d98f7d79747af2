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
  const local = at.toZonedDateTimeISO(timeZone);
  const first = local.toPlainDate().with({ day: 1 });
  return {
    vendMonth: first.toString(),
    accountingDate: local.toPlainDate().toString(),
    start: first.toZonedDateTime({ timeZone }).toInstant(),
    end: first.add({ months: 1 }).toZonedDateTime({ timeZone }).toInstant(),
  };
}
