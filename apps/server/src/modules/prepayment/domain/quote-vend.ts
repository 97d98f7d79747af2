import { Decimal } from 'decimal.js';
import type { RoundingMode } from '@open-cis/rating';
import type { Temporal } from 'temporal-polyfill';
import { computeBlockUnits } from './compute-block-units.js';
import { computeDeductions } from './compute-deductions.js';
import type { DeductionRule } from './deduction-rule.js';
import { emptyMonthToDate, type MonthToDate } from './month-to-date.js';
import type { PrepaidService } from './prepaid-service.js';
import type { PriceBlock } from './price-blocks.js';
import type { ReceiptLine } from './receipt-line.js';
import { computeVendMonth } from './vend-month.js';

export type QuoteVendInput = {
  tenderedMinor: bigint;
  minorUnitExponent: number;
  rounding: RoundingMode;
  /** When the vend happens; its month on the company's clock decides which month-to-date applies. */
  at: Temporal.Instant;
  timeZone: string;
  channel: string;
  /** The company's deduction rules in force; those of other channels and services are skipped. */
  rules: readonly DeductionRule[];
  /** The meter's service, which words the receipt lines. */
  service: PrepaidService;
  blocks: readonly PriceBlock[];
  /** The unit of the service's credit token (kWh or m3) that the blocks, units and free units count in. */
  unit: string;
  /** The meter's figures for the month of its latest vend; another month than the vend's counts as empty. */
  monthToDate: MonthToDate;
  /** Debt of the account before the vend, in minor units; zero or negative when it owes nothing. */
  debtMinor: bigint;
  /** The account's free basic units per month, or null when it has no allowance. */
  freeUnitsPerMonth: string | null;
};

export type VendQuote = {
  kind: 'quoted';
  vendMonth: string;
  accountingDate: string;
  tenderedMinor: bigint;
  deductionsMinor: bigint;
  energyMinor: bigint;
  /** Units bought, one decimal. */
  units: string;
  /** Free basic units issued with this vend as their own token; "0.0" when none are due. */
  freeUnits: string;
  /** Deductions in rule order, then energy by block, then free basic units; amounts sum to tenderedMinor. */
  lines: ReceiptLine[];
};

export type QuoteRejection = {
  kind: 'rejected';
  code: 'NOTHING_LEFT_FOR_ENERGY';
  field: string;
  message: string;
};

/**
 * Quotes a purchase: the amount tendered, minus the deductions in their configured order, buys units in
 * the price blocks from where the meter's purchases of the month ended. The month is the company-local
 * calendar month of `at`, so the blocks, the monthly charges and the free basic units start again at local
 * midnight on the first, whatever the UTC offset is. Pure: the caller supplies every figure.
 */
export function quoteVend(input: QuoteVendInput): VendQuote | QuoteRejection {
  const month = computeVendMonth(input.at, input.timeZone);
  const monthToDate =
    input.monthToDate.vendMonth === month.vendMonth ? input.monthToDate : emptyMonthToDate(month.vendMonth);
  const rules = input.rules
    .filter((rule) => rule.channel === null || rule.channel === input.channel)
    .filter((rule) => rule.service === null || rule.service === input.service)
    .toSorted((first, second) => first.position - second.position);

  const deductions = computeDeductions({
    tenderedMinor: input.tenderedMinor,
    rounding: input.rounding,
    rules,
    collectedByRule: monthToDate.collectedByRule,
    debtMinor: input.debtMinor,
  });
  const energyMinor = deductions.remainingMinor;
  const deductionsMinor = input.tenderedMinor - energyMinor;
  if (energyMinor <= 0n) {
    return {
      kind: 'rejected',
      code: 'NOTHING_LEFT_FOR_ENERGY',
      field: 'amountMinor',
      message: `The deductions take all ${input.tenderedMinor} minor units tendered (${deductions.lines.map((line) => `${line.description} ${line.amountMinor}`).join(', ')}), so nothing is left to buy units; tender more than ${deductionsMinor}.`,
    };
  }

  const energy = computeBlockUnits({
    energyMinor,
    minorUnitExponent: input.minorUnitExponent,
    rounding: input.rounding,
    blocks: input.blocks,
    service: input.service,
    unit: input.unit,
    unitsPurchasedBefore: monthToDate.unitsPurchased,
  });
  const freeUnits =
    input.freeUnitsPerMonth !== null && !monthToDate.freeUnitsIssued
      ? new Decimal(input.freeUnitsPerMonth)
      : new Decimal(0);
  const freeLines: ReceiptLine[] = freeUnits.isZero()
    ? []
    : [freeUnitsLine(freeUnits.toFixed(1), input.service, input.unit, month.vendMonth)];

  return {
    kind: 'quoted',
    vendMonth: month.vendMonth,
    accountingDate: month.accountingDate,
    tenderedMinor: input.tenderedMinor,
    deductionsMinor,
    energyMinor,
    units: energy.units.toFixed(1),
    freeUnits: freeUnits.toFixed(1),
    lines: [...deductions.lines, ...energy.lines, ...freeLines],
  };
}

function freeUnitsLine(units: string, service: PrepaidService, unit: string, vendMonth: string): ReceiptLine {
  return {
    kind: 'free-units',
    deductionRuleId: null,
    description: `Free basic ${service} for ${vendMonth.slice(0, 7)}, ${units} ${unit}`,
    amountMinor: 0n,
    units,
    unitPrice: null,
    block: null,
  };
}
