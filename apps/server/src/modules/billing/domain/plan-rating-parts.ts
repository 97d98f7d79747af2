import { Decimal } from 'decimal.js';
import { addMonths, daysBetween } from './civil-date.js';

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

const whole = new Decimal(1);

/**
 * Plans how a read period is rated. A period of about one cycle is rated as it is, even when reads fall a
 * few days off the cycle dates. A first bill that starts inside its cycle period, or a final bill that
 * ends inside it, is prorated by days of a full period. A period longer than one and a half cycles (a
 * first bill for service that started long before, or reads missed for several cycles) is split into
 * cycle periods counted back from its end, with consumption shared by days, so each month gets its own
 * fixed charge and tier limits; the oldest part is prorated when it is shorter than a cycle.
 */
export function planRatingParts(read: ReadPeriod): RatingPart[] {
  const totalDays = daysBetween(read.start, read.end);
  const nominalStart = addMonths(read.end, -read.cyclePeriodMonths);
  const cycleDays = daysBetween(nominalStart, read.end);

  if (totalDays * 2 <= cycleDays * 3) {
    const periodStart = read.isFirstBill && nominalStart < read.start ? nominalStart : read.start;
    const nominalEnd = addMonths(read.start, read.cyclePeriodMonths);
    const periodEnd = read.finalOn === read.end && nominalEnd > read.end ? nominalEnd : read.end;
    const prorated = periodStart !== read.start || periodEnd !== read.end;
    return [
      {
        start: read.start,
        end: read.end,
        period: { start: periodStart, end: periodEnd },
        ...(prorated ? { service: { start: read.start, end: read.end } } : {}),
        share: whole,
      },
    ];
  }

  const parts: RatingPart[] = [];
  let partEnd = read.end;
  for (let back = 1; partEnd > read.start; back++) {
    const nominal = addMonths(read.end, -read.cyclePeriodMonths * back);
    const partStart = nominal > read.start ? nominal : read.start;
    parts.unshift({
      start: partStart,
      end: partEnd,
      period: { start: nominal, end: partEnd },
      ...(partStart === nominal ? {} : { service: { start: partStart, end: partEnd } }),
      share: new Decimal(daysBetween(partStart, partEnd)).div(totalDays),
    });
    partEnd = partStart;
  }
  return parts;
}
