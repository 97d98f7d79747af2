import type { Temporal } from 'temporal-polyfill';
import type { RequestContext } from '../../../platform/context/request-context.js';
import { ruleViolation } from '../../../platform/errors/app-error.js';
import { quoteVend, type VendQuote } from '../domain/quote-vend.js';
import type { VendingCashier } from '../domain/vending-agent.js';
import type { VendSetting } from './load-vend-setting.js';

/** A purchase as the quote and vend use cases take it, after the HTTP layer has parsed it. */
export type VendRequest = {
  meter: { meterId: string } | { pan: string };
  amountMinor: bigint;
  currency: string;
  /**
   * Sales channel; defaults to agent for an agent's logins, back-office for other staff users and the
   * system, and api for other API keys.
   */
  channel?: string | undefined;
};

/** Returns the channel of a request: the one it names, or the default for its principal (see VendRequest). */
export function resolveChannel(
  context: RequestContext,
  channel: string | undefined,
  cashier: VendingCashier | undefined,
): string {
  if (channel !== undefined) return channel;
  if (cashier !== undefined) return 'agent';
  return context.actor.kind === 'api-key' ? 'api' : 'back-office';
}

/**
 * Quotes the purchase in its setting, or throws a rule violation naming the field at fault: a currency
 * other than the company's, or an amount that the deductions take whole.
 */
export function priceVend(
  setting: VendSetting,
  request: VendRequest,
  channel: string,
  at: Temporal.Instant,
): VendQuote {
  const { company } = setting;
  if (request.currency !== company.currency) {
    throw ruleViolation(
      'PREPAYMENT.CURRENCY_MISMATCH',
      `currency ${request.currency} is not the company's currency ${company.currency}; send the amount in ${company.currency}.`,
      [{ path: 'currency', message: `Expected ${company.currency}, got ${request.currency}.` }],
    );
  }
  const quote = quoteVend({
    tenderedMinor: request.amountMinor,
    minorUnitExponent: company.currencyMinorUnit,
    rounding: company.roundingMode,
    at,
    timeZone: company.timeZone,
    channel,
    rules: setting.rules,
    service: setting.service,
    blocks: setting.blocks,
    unit: setting.unit,
    monthToDate: setting.monthToDate,
    debtMinor: setting.debtMinor,
    freeUnitsPerMonth: setting.freeUnitsPerMonth,
  });
  if (quote.kind === 'rejected') {
    throw ruleViolation(`PREPAYMENT.${quote.code}`, quote.message, [
      { path: quote.field, message: quote.message },
    ]);
  }
  return quote;
}
