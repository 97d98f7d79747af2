import { csvMoney, type CsvColumn } from '../../../platform/http/csv.js';
import type { BillRunException } from '../db/bill-run-exception-queries.js';
import type { BillRun } from '../domain/bill-run.js';
import type { Bill, BillListItem } from '../domain/bill.js';

export const billRunCsvColumns: CsvColumn<BillRun>[] = [
  { header: 'id', value: (run) => run.id },
  { header: 'billCycleId', value: (run) => run.billCycleId },
  { header: 'cutOffOn', value: (run) => run.cutOffOn },
  { header: 'issueBills', value: (run) => run.issueBills },
  { header: 'status', value: (run) => run.status },
  { header: 'accountsTotal', value: (run) => run.accountsTotal },
  { header: 'accountsProcessed', value: (run) => run.accountsProcessed },
  { header: 'billsCreated', value: (run) => run.billsCreated },
  { header: 'exceptionsCount', value: (run) => run.exceptionsCount },
  { header: 'accountsNothingDue', value: (run) => run.accountsNothingDue },
  { header: 'createdAt', value: (run) => run.createdAt },
  { header: 'startedAt', value: (run) => run.startedAt },
  { header: 'completedAt', value: (run) => run.completedAt },
];

export const billRunExceptionCsvColumns: CsvColumn<BillRunException>[] = [
  { header: 'accountId', value: (exception) => exception.accountId },
  { header: 'accountNumber', value: (exception) => exception.accountNumber },
  { header: 'agreementId', value: (exception) => exception.agreementId },
  { header: 'servicePointMarketId', value: (exception) => exception.servicePointMarketId },
  { header: 'reasonCode', value: (exception) => exception.reasonCode },
  { header: 'detail', value: (exception) => exception.detail },
  { header: 'createdAt', value: (exception) => exception.createdAt },
];

/** Bills with the total as a decimal amount of the company's currency, such as 123.45. */
export const billCsvColumns: CsvColumn<Bill>[] = [
  { header: 'id', value: (bill) => bill.id },
  { header: 'accountId', value: (bill) => bill.accountId },
  { header: 'billRunId', value: (bill) => bill.billRunId },
  { header: 'kind', value: (bill) => bill.kind },
  { header: 'status', value: (bill) => bill.status },
  { header: 'invoiceNumber', value: (bill) => bill.invoiceNumber },
  { header: 'issueDate', value: (bill) => bill.issueDate },
  { header: 'dueDate', value: (bill) => bill.dueDate },
  { header: 'periodStart', value: (bill) => bill.periodStart },
  { header: 'periodEnd', value: (bill) => bill.periodEnd },
  { header: 'currency', value: (bill) => bill.currency },
  { header: 'total', value: (bill) => csvMoney(bill.totalMinor) },
  { header: 'isEstimated', value: (bill) => bill.isEstimated },
  { header: 'cancelsBillId', value: (bill) => bill.cancelsBillId },
  { header: 'createdAt', value: (bill) => bill.createdAt },
];

/** The company-wide bill list: the columns of an account's bills with the account number after its id. */
export const billListCsvColumns: CsvColumn<BillListItem>[] = billCsvColumns.flatMap((column) =>
  column.header === 'accountId'
    ? [column, { header: 'accountNumber', value: (bill: BillListItem) => bill.accountNumber }]
    : [column],
);
