export { startBillRun, startBillRunInput, type StartBillRunInput } from './app/start-bill-run.js';
export { processBillRun } from './app/process-bill-run.js';
export type { BillRun, BillRunOptions, BillRunStatus } from './domain/bill-run.js';
