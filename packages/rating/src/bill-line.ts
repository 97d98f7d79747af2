import type { Decimal } from 'decimal.js';
import type { ComponentKind } from './definition/tariff-definition.js';

/** What a line charges for; demand is split into flat and time-of-use, as bill summaries show them. */
export type ChargeType = 'fixed' | 'energy' | 'demand-flat' | 'demand-tou' | 'volume' | 'minimum' | 'tax';

/** Why a line is what it is, in data and in words. */
export type LineTrace = {
  tariffVersionId: string;
  effectiveFrom: string;
  componentId: string;
  componentKind: ComponentKind;
  /** The bill segment priced, as a half-open range of local dates. */
  segment: { start: string; end: string; days: number };
  /** Segment days ÷ billing period days; 1 when the version covers the whole period. */
  prorationFactor: string;
  season?: string;
  touPeriod?: { index: number; name?: string };
  tier?: { index: number; from: string; to?: string; unit: string };
  readingIds: readonly string[];
  formula: string;
};

export type BillLine = {
  chargeType: ChargeType;
  componentId: string;
  name: string;
  quantity: Decimal;
  unit: string;
  unitPrice: Decimal;
  /** The exact amount before rounding. */
  amount: Decimal;
  /** The amount rounded to the currency's minor unit, as an integer count of minor units. */
  amountMinor: bigint;
  trace: LineTrace;
};

/** A line before rounding; the rating step adds the amounts and the shared trace fields. */
export type LineDraft = {
  chargeType: ChargeType;
  componentId: string;
  componentKind: ComponentKind;
  name: string;
  quantity: Decimal;
  unit: string;
  unitPrice: Decimal;
  amount: Decimal;
  season?: string;
  touPeriod?: { index: number; name?: string };
  tier?: { index: number; from: string; to?: string; unit: string };
  formula: string;
};
