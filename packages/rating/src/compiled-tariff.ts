import type { Decimal } from 'decimal.js';
import type { Temporal } from 'temporal-polyfill';
import type { ComponentKind, SeasonDefinition, TariffDefinition } from './definition/tariff-definition.js';

/** A tariff ready to rate: decimals parsed, schedules flattened, versions sorted. Build once, rate many times. */
export type CompiledTariff = {
  definition: TariffDefinition;
  holidays: ReadonlySet<string>;
  versions: CompiledVersion[];
};

export type CompiledVersion = {
  id: string;
  effectiveFrom: Temporal.PlainDate;
  schedules: ReadonlyMap<string, CompiledSchedule>;
  /** Season for each month, index 1–12. */
  seasonByMonth: (SeasonDefinition | undefined)[];
  /** kWh per m³ from the gas conversion (volume correction factor × calorific value), if any. */
  gasKwhPerCubicMetre?: Decimal;
  gasConversionText?: string;
  components: CompiledComponent[];
};

/** Period numbers indexed by month (0–11) × 24 + local clock hour. */
export type CompiledSchedule = {
  id: string;
  weekday: Uint8Array;
  weekend: Uint8Array;
  holiday: Uint8Array;
  /** Periods used anywhere in the schedule, in ascending order. */
  periods: number[];
  /** The only period of a month on every day type and hour, or undefined when the month has TOU hours. */
  singlePeriodByMonth: (number | undefined)[];
};

export type CompiledTier = { index: number; upTo?: Decimal; price: Decimal };
export type CompiledEnergyTier = CompiledTier & { limitUnit: 'kWh' | 'kWh/day' | 'kWh/kW' | 'kWh/kW/day' };
export type CompiledVolumeTier = CompiledTier & { limitUnit: 'volume' | 'volume/day' };
export type CompiledPeriod<Tier> = { period: number; name?: string; tiers: Tier[] };

export type CompiledFixedCharge = {
  kind: 'fixed';
  id: string;
  name: string;
  amount: Decimal;
  per: 'day' | 'month' | 'year';
};

export type CompiledEnergyCharge = {
  kind: 'energy';
  id: string;
  name: string;
  schedule?: CompiledSchedule;
  tierBasis: 'bill-total' | 'period-total';
  periods: ReadonlyMap<number, CompiledPeriod<CompiledEnergyTier>>;
};

export type CompiledDemandCharge = {
  kind: 'demand';
  id: string;
  name: string;
  schedule?: CompiledSchedule;
  /** Rate period of a flat demand charge for each month, index 0–11. */
  periodByMonth: number[];
  windowMinutes?: number;
  demandUnit: 'kW' | 'hp';
  periods: ReadonlyMap<number, CompiledPeriod<CompiledTier>>;
};

export type CompiledVolumeCharge = {
  kind: 'volume';
  id: string;
  name: string;
  unit: string;
  source: { kind: 'metered' } | { kind: 'input'; input: string; per: 'period' | 'day' };
  tiers: CompiledVolumeTier[];
};

export type CompiledMinimumCharge = {
  kind: 'minimum';
  id: string;
  name: string;
  amount: Decimal;
  per: 'month' | 'year';
  settlementMonth: number;
};

export type CompiledTax = {
  kind: 'tax';
  id: string;
  name: string;
  rate:
    | { kind: 'percent'; percent: Decimal; fraction: Decimal }
    | { kind: 'per-unit'; price: Decimal; unit: string };
  componentIds: ReadonlySet<string>;
  kinds: ReadonlySet<ComponentKind>;
};

export type CompiledComponent =
  | CompiledFixedCharge
  | CompiledEnergyCharge
  | CompiledDemandCharge
  | CompiledVolumeCharge
  | CompiledMinimumCharge
  | CompiledTax;
