import type { DueAgreement } from '../db/load-chunk-inputs.js';
import { addMonths, daysBetween } from './civil-date.js';

/** Reads up to this many days early or late per month of the cycle still make a regular period. */
export const READ_DATE_TOLERANCE_DAYS_PER_MONTH = 5;

/**
 * Decides whether an agreement is due for a bill over [start, end). A first bill, a final bill and the
 * rebill of a cancelled period are always due. Otherwise the period must be about one cycle long: running
 * a monthly cycle again a day after its last run bills no account, rather than making one-day bills.
 */
export function isAgreementDue(
  agreement: DueAgreement,
  start: string,
  end: string,
  cyclePeriodMonths: number,
): boolean {
  if (agreement.billedThrough === null || agreement.nextBilledFrom !== null) return true;
  if (agreement.endOn !== null && agreement.endOn <= end) return true;
  const cycleDays = daysBetween(addMonths(end, -cyclePeriodMonths), end);
  return daysBetween(start, end) >= cycleDays - READ_DATE_TOLERANCE_DAYS_PER_MONTH * cyclePeriodMonths;
}
