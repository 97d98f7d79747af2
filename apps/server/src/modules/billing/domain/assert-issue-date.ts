import { Temporal } from 'temporal-polyfill';
import { ruleViolation } from '../../../platform/errors/app-error.js';

/** How far an issue date may lie before or after today: back-dating within a year, forward-dating a month. */
const MAX_DAYS_BEFORE_TODAY = 366;
const MAX_DAYS_AFTER_TODAY = 31;

/**
 * Throws unless the issue date lies between a year before and a month after today in the company's time
 * zone, so that a typo such as 0001-01-01 or 9999-12-31 cannot issue invoices or break due dates.
 */
export function assertIssueDateReasonable(issueDate: string, today: string, field = 'issueDate'): void {
  const date = Temporal.PlainDate.from(issueDate);
  const now = Temporal.PlainDate.from(today);
  const earliest = now.subtract({ days: MAX_DAYS_BEFORE_TODAY });
  const latest = now.add({ days: MAX_DAYS_AFTER_TODAY });
  if (Temporal.PlainDate.compare(date, earliest) < 0 || Temporal.PlainDate.compare(date, latest) > 0) {
    throw ruleViolation(
      'BILLING.ISSUE_DATE_OUT_OF_RANGE',
      `The issue date ${issueDate} must lie between ${earliest.toString()} and ${latest.toString()} (a year before to a month after today, ${today}).`,
      [{ path: field, message: `${issueDate} is outside ${earliest.toString()} to ${latest.toString()}` }],
    );
  }
}
