import type { AnnualBills, BillLine, MonthlyBill } from '@open-cis/rating';

type Summary = Omit<MonthlyBill, 'month' | 'lines'>;

/** The JSON document `cis rate --json` prints: monthly and annual sums as decimal strings. */
export function formatRateJson(bills: AnnualBills): string {
  const summarize = (summary: Summary): Record<string, string> => ({
    kwh: summary.kwh.toString(),
    peak_kw: summary.peakKw.toString(),
    energy_charge: summary.energyCharge.toString(),
    demand_charge_flat: summary.demandChargeFlat.toString(),
    demand_charge_tou: summary.demandChargeTou.toString(),
    fixed_charge: summary.fixedCharge.toString(),
    minimum_charge: summary.minimumCharge.toString(),
    taxes: summary.taxes.toString(),
    total: summary.total.toString(),
  });
  const document = {
    months: bills.months.map((bill) => ({ month: bill.month, ...summarize(bill) })),
    annual: summarize(bills.annual),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** A readable table: one block per month with every line and its trace, then the annual sums. */
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
