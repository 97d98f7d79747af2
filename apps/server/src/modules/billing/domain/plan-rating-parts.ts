import { Decimal } from 'decimal.js';
import { addMonths, daysBetween } from './civil-date.js';
import { READ_DATE_TOLERANCE_DAYS_PER_MONTH } from './is-agreement-due.js';

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
 * Plans how a read period is rated. A regular period, within a few days of one cycle, is rated as it is,
 * since reads rarely fall on the cycle dates. A shorter period (a first bill after a move-in, a final
 * bill, a rebilled part) is prorated by days of a full cycle period around it. A longer period (reads
 * missed for several cycles, a first bill for service that began long before) is split into cycle periods
 * counted back from its end, with consumption shared by days: each month gets its own fixed charge and
 * tier limits, and the oldest part is prorated when it is shorter than a cycle.
 */
export function planRatingParts(read: ReadPeriod): RatingPart[] {
  const totalDays = daysBetween(read.start, read.end);
  const cycleStart = addMonths(read.end, -read.cyclePeriodMonths);
  const cycleDays = daysBetween(cycleStart, read.end);
  const tolerance = READ_DATE_TOLERANCE_DAYS_PER_MONTH * read.cyclePeriodMonths;

  if (totalDays > cycleDays + tolerance) return splitIntoCycles(read, totalDays);
  const isRegular = totalDays >= cycleDays - tolerance && !read.isFirstBill && read.finalOn !== read.end;
  if (isRegular || totalDays === cycleDays) {
    return [{ start: read.start, end: read.end, period: { start: read.start, end: read.end }, share: whole }];
  }
  // A final bill is measured against the cycle that starts with it, any other short period against the
  // cycle that ends with it.
  const period =
    read.finalOn === read.end
      ? { start: read.start, end: addMonths(read.start, read.cyclePeriodMonths) }
      : { start: cycleStart, end: read.end };
  return [
    { start: read.start, end: read.end, period, service: { start: read.start, end: read.end }, share: whole },
  ];
}

function splitIntoCycles(read: ReadPeriod, totalDays: number): RatingPart[] {
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
