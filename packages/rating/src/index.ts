export type * from './definition/tariff-definition.js';
export { parseTariffDefinition } from './definition/parse-tariff-definition.js';
export { explainInvalidDate } from './definition/explain-invalid-date.js';
export { TariffError } from './tariff-error.js';
export { compileTariff } from './compile-tariff.js';
export type { CompiledTariff } from './compiled-tariff.js';
export { importUrdbTariff } from './urdb/import-urdb-tariff.js';
export { parseJsonText } from './urdb/parse-json-text.js';
export type {
  HorsepowerDemand,
  UrdbImportOptions,
  UrdbImportResult,
  UrdbImportWarning,
} from './urdb/import-urdb-tariff.js';
export { rateBillPeriod } from './rate-bill-period.js';
export type {
  RateBillPeriodRequest,
  RateBillPeriodResult,
  RatingSettings,
  UnratedReason,
  UsageInput,
} from './rate-bill-period.js';
export type { BillLine, ChargeType, LineTrace } from './bill-line.js';
export type { RegisterRead } from './usage/register-usage.js';
export { placeIntervals } from './usage/place-intervals.js';
export type { IntervalReading } from './usage/place-intervals.js';
export type { LoadStep } from './usage/load-step.js';
export { formatMinorUnits, minorUnitExponent, roundToMinorUnits } from './currency-rounding.js';
export type { RoundingMode } from './currency-rounding.js';
export { computeSamAnnualBills, placeSamSteps } from './annual/compute-sam-annual-bills.js';
export { computeCalendarBills } from './annual/compute-calendar-bills.js';
export type { CalendarBillOptions, CalendarBillsResult } from './annual/compute-calendar-bills.js';
export type { AnnualBills, MonthlyBill } from './annual/monthly-bill.js';
export { samLoadFromIntervals } from './annual/sam-load-from-intervals.js';
export type { EnergyInterval } from './annual/sam-load-from-intervals.js';
