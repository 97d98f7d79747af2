import type { AnnualBills, BillLine, MonthlyBill } from '@open-cis/rating';

type Summary = Omit<MonthlyBill, 'month' | 'lines'>;

/**
 * Formats the JSON document of `cis rate --json`: monthly and annual sums as decimal strings. Money is printed
 * with `decimals` places when given (a rounded bill), else exactly.
 */
export function formatRateJson(bills: AnnualBills, decimals?: number): string {
  const money = (value: Summary['total']): string =>
    decimals === undefined ? value.toString() : value.toFixed(decimals);
  const summarize = (summary: Summary): Record<string, string> => ({
    kwh: summary.kwh.toString(),
    peak_kw: summary.peakKw.toString(),
    energy_charge: money(summary.energyCharge),
    demand_charge_flat: money(summary.demandChargeFlat),
    demand_charge_tou: money(summary.demandChargeTou),
    fixed_charge: money(summary.fixedCharge),
    minimum_charge: money(summary.minimumCharge),
    taxes: money(summary.taxes),
    total: money(summary.total),
  });
  const document = {
    months: bills.months.map((bill) => ({ month: bill.month, ...summarize(bill) })),
    annual: summarize(bills.annual),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Formats a readable table: one block per month with every line and its trace, then the annual sums. */
export function formatRateTable(
  bills: AnnualBills,
  money: (value: Summary['total']) => string,
  lineAmount: (line: BillLine) => string,
): string {
  const out: string[] = [];
  for (const bill of bills.months) {
    out.push(
      `Month ${bill.month}: ${bill.kwh.toFixed(3)} kWh, peak ${bill.peakKw.toFixed(3)} kW, total ${money(bill.total)}`,
    );
    for (const line of bill.lines) out.push(formatLine(line, lineAmount(line)));
    out.push('');
  }
  const { annual } = bills;
  out.push(
    `Year: ${annual.kwh.toFixed(3)} kWh, peak ${annual.peakKw.toFixed(3)} kW; energy ${money(annual.energyCharge)}, ` +
      `flat demand ${money(annual.demandChargeFlat)}, TOU demand ${money(annual.demandChargeTou)}, fixed ${money(annual.fixedCharge)}, ` +
      `minimum ${money(annual.minimumCharge)}, taxes ${money(annual.taxes)}, total ${money(annual.total)}`,
  );
  return `${out.join('\n')}\n`;
}

function formatLine(line: BillLine, amount: string): string {
  const { trace } = line;
  const where = [
    trace.season && `season ${trace.season}`,
    trace.touPeriod && `period ${trace.touPeriod.name ?? trace.touPeriod.index}`,
    trace.tier && `tier ${trace.tier.index + 1}`,
  ].filter(Boolean);
  const label = `${line.chargeType.padEnd(11)} ${line.componentId.padEnd(12)} ${where.join(', ')}`;
  return `  ${label.padEnd(60)} ${amount.padStart(14)}   ${trace.formula} [version ${trace.tariffVersionId}, ${trace.segment.start}..${trace.segment.end}]`;
}
