import { Decimal } from 'decimal.js';
import type { RegisterUnit } from '../../../platform/db/schema.js';

// 1 therm = 105.505 585 262 MJ (the US therm, ASTM/NIST), and 1 kWh = 3.6 MJ.
const kwhPerTherm = new Decimal('105.505585262').div('3.6');

/**
 * How a register's unit reaches the rating engine: energy in kWh, volume in the register's own unit
 * (m³, ft³, gal), demand in kW. Reactive energy is not billed by the engine.
 */
export function measureOfUnit(
  unit: RegisterUnit,
): { measure: 'energy' | 'volume' | 'demand'; factor: Decimal } | 'ignored' {
  switch (unit) {
    case 'kWh':
      return { measure: 'energy', factor: new Decimal(1) };
    case 'therm':
      return { measure: 'energy', factor: kwhPerTherm };
    case 'm3':
    case 'ft3':
    case 'gal':
      return { measure: 'volume', factor: new Decimal(1) };
    case 'kW':
      return { measure: 'demand', factor: new Decimal(1) };
    case 'kvarh':
      return 'ignored';
  }
}
