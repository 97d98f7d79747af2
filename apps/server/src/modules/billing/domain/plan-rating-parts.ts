import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';

export type RatingPart = {
  /** The days this part bills, half-open; one bill segment each. */
  start: string;
  end: string;
  /** The period rated: the part itself, or a full cycle period around it when the part is prorated. */
  period: { start: string; end: string };
  /** Set when the part covers less than `period`: fixed charges and tier limits are prorated by days. */
  service?: { start: string; end: string };
  /** This part's days ÷ the read period's days: its share of register consumption. */
  share: Decimal;
};

export type ReadPeriod = {
  start: string;
  end: string;
  isFirstBill: boolean;
  /** The agreement's end date when this bill is its final one. */
  finalOn: string | null;
  cyclePeriodMonths: number;
};

/**
 * Plans how a read period is rated. A period of about one cycle is rated as it is, even when reads fall a
 * few days off the cycle dates. A first bill that starts inside its cycle period, or a final bill that
 * ends inside it, is prorated by days of a full period. A period longer than one and a half cycles (a
 * first bill for service that started long before, or reads missed for several cycles) is split into
 * cycle periods counted back from its end, with consumption shared by days, so each month gets its own
 * fixed charge and tier limits; the oldest part is prorated when it is shorter than a cycle.
 */
export function planRatingParts(read: ReadPeriod): RatingPart[] {
  const start = Temporal.PlainDate.from(read.start);
  const end = Temporal.PlainDate.from(read.end);
  const totalDays = start.until(end).days;
  const nominalStart = end.subtract({ months: read.cyclePeriodMonths });
  const cycleDays = nominalStart.until(end).days;

  if (totalDays * 2 <= cycleDays * 3) {
    const periodStart =
      read.isFirstBill && Temporal.PlainDate.compare(nominalStart, start) < 0 ? nominalStart : start;
    const nominalEnd = start.add({ months: read.cyclePeriodMonths });
    const isShortFinal = read.finalOn === read.end && Temporal.PlainDate.compare(nominalEnd, end) > 0;
    const periodEnd = isShortFinal ? nominalEnd : end;
    const prorated = !periodStart.equals(start) || !periodEnd.equals(end);
    return [
      {
        start: read.start,
        end: read.end,
        period: { start: periodStart.toString(), end: periodEnd.toString() },
        ...(prorated ? { service: { start: read.start, end: read.end } } : {}),
        share: new Decimal(1),
      },
    ];
  }

  const parts: RatingPart[] = [];
  let partEnd = end;
  for (let back = 1; Temporal.PlainDate.compare(partEnd, start) > 0; back++) {
    const nominal = end.subtract({ months: read.cyclePeriodMonths * back });
    const partStart = Temporal.PlainDate.compare(nominal, start) > 0 ? nominal : start;
    const days = partStart.until(partEnd).days;
    parts.unshift({
      start: partStart.toString(),
      end: partEnd.toString(),
      period: { start: nominal.toString(), end: partEnd.toString() },
      ...(partStart.equals(nominal)
        ? {}
        : { service: { start: partStart.toString(), end: partEnd.toString() } }),
      share: new Decimal(days).div(totalDays),
    });
    partEnd = partStart;
  }
  return parts;
}
