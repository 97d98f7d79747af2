export { createLocalClock, type LocalClock, type LocalTimeParameters } from './create-local-clock.js';
export { computeDstRuleDate, decodeDstRule, type DstRule, type DstRuleDay } from './decode-dst-rule.js';
export type {
  GreenButtonEvent,
  GreenButtonInterval,
  GreenButtonInvalid,
  GreenButtonLocalTime,
  GreenButtonMeterReading,
  GreenButtonReadingType,
  GreenButtonUsagePoint,
  ServiceKind,
} from './green-button-event.js';
export { MeterDataError, type MeterDataErrorCode, type MeterDataProblem } from './meter-data-error.js';
export { readGreenButton, type ReadGreenButtonOptions } from './read-green-button.js';
export {
  readIntervalCsv,
  type IntervalCsvEvent,
  type IntervalCsvReading,
  type IntervalQuality,
  type ReadIntervalCsvOptions,
} from './read-interval-csv.js';
export { readLoadCsv, type LoadCsvOptions, type LoadCsvRow } from './read-load-csv.js';
