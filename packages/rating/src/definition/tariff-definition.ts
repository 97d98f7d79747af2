/**
 * The JSON form of a tariff, as stored in a tariff_version row (jsonb). Every number that is money or a
 * quantity is a decimal string, so the document survives JSON without passing through a float.
 */
export type TariffDefinition = {
  schemaVersion: 1;
  id: string;
  name: string;
  service: ServiceKind;
  /** ISO dates (YYYY-MM-DD) that the holiday TOU schedule applies to. */
  holidays?: string[];
  versions: TariffVersionDefinition[];
  source?: { system: string; reference: string; note?: string };
};

export type ServiceKind = 'electricity' | 'gas' | 'water' | 'sewer';

export type TariffVersionDefinition = {
  id: string;
  /** First day (YYYY-MM-DD, local) the version is in force; it runs until the next version starts. */
  effectiveFrom: string;
  schedules?: TouScheduleDefinition[];
  seasons?: SeasonDefinition[];
  gasConversion?: GasConversionDefinition;
  components: ComponentDefinition[];
};

/**
 * A time-of-use schedule: the period number for each month (0 = January) and local clock hour, one matrix
 * per day type. Days in `holidays` use the holiday matrix, or the weekend matrix when there is none.
 */
export type TouScheduleDefinition = {
  id: string;
  weekday: number[][];
  weekend: number[][];
  holiday?: number[][];
};

export type SeasonDefinition = { id: string; name: string; months: number[] };

/** Converts a metered gas volume in m³ to energy: m³ × volume correction factor × calorific value. */
export type GasConversionDefinition = {
  volumeCorrectionFactor: string;
  calorificValue: string;
  calorificValueUnit: 'MJ/m3' | 'kWh/m3';
};

export type ComponentDefinition =
  | FixedChargeDefinition
  | EnergyChargeDefinition
  | DemandChargeDefinition
  | VolumeChargeDefinition
  | MinimumChargeDefinition
  | TaxDefinition;

export type ComponentKind = ComponentDefinition['kind'];

export type FixedChargeDefinition = {
  kind: 'fixed';
  id: string;
  name: string;
  amount: string;
  per: 'day' | 'month' | 'year';
};

/**
 * Energy tier limit units: `kWh` per billing period, `kWh/day` × days, `kWh/kW` × the period's peak kW,
 * `kWh/kW/day` × peak kW × days. Limits are cumulative upper bounds; a tier without `upTo` is unbounded.
 */
export type EnergyTierLimitUnit = 'kWh' | 'kWh/day' | 'kWh/kW' | 'kWh/kW/day';

export type EnergyTierDefinition = { upTo?: string; limitUnit: EnergyTierLimitUnit; price: string };

export type RatePeriodDefinition<Tier> = { period: number; name?: string; tiers: Tier[] };

/**
 * Energy charge: flat (one period, one tier), tiered, time-of-use (a schedule), or tiered within TOU.
 * `tierBasis` says what the tier limits apply to: `bill-total` applies them to the bill's total kWh and
 * splits each period's kWh across the tiers pro rata (the URDB and SAM reading), `period-total` applies
 * them to each TOU period's own kWh.
 */
export type EnergyChargeDefinition = {
  kind: 'energy';
  id: string;
  name: string;
  schedule?: string;
  tierBasis: 'bill-total' | 'period-total';
  periods: RatePeriodDefinition<EnergyTierDefinition>[];
};

export type DemandTierDefinition = { upTo?: string; price: string };

/**
 * Demand charge on the maximum demand. With a schedule it is a TOU demand charge (the maximum within each
 * period); without one it is a flat demand charge on the period's maximum, whose rate period may depend on
 * the month (`periodByMonth`, 12 entries). `windowMinutes` averages interval data over clock-aligned
 * windows of that length before taking the maximum. `demandUnit` `hp` prices demand in horsepower.
 */
export type DemandChargeDefinition = {
  kind: 'demand';
  id: string;
  name: string;
  schedule?: string;
  periodByMonth?: number[];
  windowMinutes?: number;
  demandUnit: 'kW' | 'hp';
  periods: RatePeriodDefinition<DemandTierDefinition>[];
};

export type VolumeTierDefinition = { upTo?: string; limitUnit: 'volume' | 'volume/day'; price: string };

/**
 * Water or sewer volume charge. The volume is the metered one, or a quantity the caller supplies under
 * `input` (for example a winter-average volume), taken once per billing period or per day.
 */
export type VolumeChargeDefinition = {
  kind: 'volume';
  id: string;
  name: string;
  unit: string;
  source: { kind: 'metered' } | { kind: 'input'; input: string; per: 'period' | 'day' };
  tiers: VolumeTierDefinition[];
};

/**
 * Minimum charge: tops the charges of the listed kinds (all fixed, energy, demand and volume lines when
 * omitted) up to `amount`. A yearly minimum is settled in `settlementMonth` (1–12, default 12).
 */
export type MinimumChargeDefinition = {
  kind: 'minimum';
  id: string;
  name: string;
  amount: string;
  per: 'month' | 'year';
  settlementMonth?: number;
};

export type TaxRateDefinition =
  { kind: 'percent'; percent: string } | { kind: 'per-unit'; price: string; unit: string };

/** A tax or levy on the lines of the chosen components (by id) or kinds. */
export type TaxDefinition = {
  kind: 'tax';
  id: string;
  name: string;
  rate: TaxRateDefinition;
  appliesTo: { componentIds?: string[]; kinds?: ComponentKind[] };
};
