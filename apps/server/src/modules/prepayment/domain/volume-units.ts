import { Decimal } from 'decimal.js';

/**
 * Cubic metres in one unit of the volume units that water and gas tariffs publish prices in. The US and
 * imperial-derived factors are exact by definition: 1 ft³ = 0.028316846592 m³ (the international foot,
 * 0.3048 m) and 1 US gallon = 231 in³ = 0.003785411784 m³. `ccf` and `hcf` are 100 ft³, `Mcf` 1,000 ft³.
 */
const cubicMetresPerUnit: Readonly<Record<string, string>> = {
  m3: '1',
  kL: '1',
  L: '0.001',
  ML: '1000',
  ft3: '0.028316846592',
  ccf: '2.8316846592',
  hcf: '2.8316846592',
  Mcf: '28.316846592',
  gal: '0.003785411784',
  kgal: '3.785411784',
};

/** The volume units a tariff may price water or gas in to be sold by token, in the order of the table. */
export const vendableVolumeUnits = Object.keys(cubicMetresPerUnit);

/** Returns the cubic metres in one `unit`, or undefined for a unit that is not a known volume. */
export function findCubicMetresPerUnit(unit: string): Decimal | undefined {
  const factor = cubicMetresPerUnit[unit];
  return factor === undefined ? undefined : new Decimal(factor);
}
