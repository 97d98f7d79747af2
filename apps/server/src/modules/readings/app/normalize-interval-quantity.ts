import { Decimal } from 'decimal.js';
import type { IntervalChannelTable } from '../../../platform/db/schema.js';

export type ChannelUnit = IntervalChannelTable['unit'];

// Each source unit maps to the channel unit it is stored in and the factor to get there, so a feed in Wh
// and a CSV in kWh end up in the same kWh channel and sum without conversion at billing time.
const conversions: Readonly<Record<string, { unit: ChannelUnit; factor: Decimal }>> = {
  Wh: { unit: 'kWh', factor: new Decimal('0.001') },
  kWh: { unit: 'kWh', factor: new Decimal(1) },
  MWh: { unit: 'kWh', factor: new Decimal(1000) },
  W: { unit: 'kW', factor: new Decimal('0.001') },
  kW: { unit: 'kW', factor: new Decimal(1) },
  varh: { unit: 'kvarh', factor: new Decimal('0.001') },
  kvarh: { unit: 'kvarh', factor: new Decimal(1) },
  m3: { unit: 'm3', factor: new Decimal(1) },
  L: { unit: 'm3', factor: new Decimal('0.001') },
  ft3: { unit: 'ft3', factor: new Decimal(1) },
  ccf: { unit: 'ft3', factor: new Decimal(100) },
  therm: { unit: 'therm', factor: new Decimal(1) },
  'US gal': { unit: 'gal', factor: new Decimal(1) },
};

export const importableUnits = Object.keys(conversions);

/**
 * Converts a reading of `value × 10^powerOfTen` in a source unit to the unit its channel stores, or returns
 * undefined for a unit the channels cannot hold (such as an ESPI code this importer does not know).
 */
export function normalizeIntervalQuantity(
  value: Decimal,
  unit: string,
  powerOfTen = 0,
): { value: Decimal; unit: ChannelUnit } | undefined {
  const conversion = conversions[unit];
  if (!conversion) return undefined;
  return {
    value: value.times(new Decimal(10).pow(powerOfTen)).times(conversion.factor),
    unit: conversion.unit,
  };
}
