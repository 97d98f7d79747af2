import { Decimal } from 'decimal.js';
import type { BillLine } from '../bill-line.js';
import type { LoadStep } from '../usage/load-step.js';

/** One month's bill split by charge type, as SAM reports it; amounts in major currency units. */
export type MonthlyBill = {
  month: number;
  kwh: Decimal;
  peakKw: Decimal;
  energyCharge: Decimal;
  demandChargeFlat: Decimal;
  demandChargeTou: Decimal;
  fixedCharge: Decimal;
  minimumCharge: Decimal;
  taxes: Decimal;
  total: Decimal;
  lines: BillLine[];
};

export type AnnualBills = {
  months: MonthlyBill[];
  annual: Omit<MonthlyBill, 'month' | 'lines'>;
};

const zero = new Decimal(0);

/**
 * Sums a month's lines by charge type. `amountOf` gives the amount each line adds: the rounded amount on a
 * real bill, the exact amount in the SAM comparison.
 */
export function summarizeMonth(
  month: number,
  steps: readonly LoadStep[],
  lines: BillLine[],
  amountOf: (line: BillLine) => Decimal,
): MonthlyBill {
  const sums = {
    energy: zero,
    'demand-flat': zero,
    'demand-tou': zero,
    fixed: zero,
    minimum: zero,
    tax: zero,
    volume: zero,
  };
  let total = zero;
  for (const line of lines) {
    const amount = amountOf(line);
    sums[line.chargeType] = sums[line.chargeType].plus(amount);
    total = total.plus(amount);
  }
  let kwh = zero;
  let peakKw = zero;
  for (const step of steps) {
    kwh = kwh.plus(step.kwh);
    if (step.kw.gt(peakKw)) peakKw = step.kw;
  }
  return {
    month,
    kwh,
    peakKw,
    energyCharge: sums.energy.plus(sums.volume),
    demandChargeFlat: sums['demand-flat'],
    demandChargeTou: sums['demand-tou'],
    fixedCharge: sums.fixed,
    minimumCharge: sums.minimum,
    taxes: sums.tax,
    total,
    lines,
  };
}

/** Sums the months; the annual peak is the highest monthly peak. */
export function summarizeYear(months: MonthlyBill[]): AnnualBills {
  const add = (pick: (bill: MonthlyBill) => Decimal): Decimal =>
    months.reduce((sum, bill) => sum.plus(pick(bill)), zero);
  return {
    months,
    annual: {
      kwh: add((bill) => bill.kwh),
      peakKw: months.reduce((peak, bill) => Decimal.max(peak, bill.peakKw), zero),
      energyCharge: add((bill) => bill.energyCharge),
      demandChargeFlat: add((bill) => bill.demandChargeFlat),
      demandChargeTou: add((bill) => bill.demandChargeTou),
      fixedCharge: add((bill) => bill.fixedCharge),
      minimumCharge: add((bill) => bill.minimumCharge),
      taxes: add((bill) => bill.taxes),
      total: add((bill) => bill.total),
    },
  };
}

/** Charges that an annual minimum is compared with: everything but minimums and taxes. */
export function chargesBeforeMinimum(bill: MonthlyBill): Decimal {
  return bill.total.minus(bill.minimumCharge).minus(bill.taxes);
}
