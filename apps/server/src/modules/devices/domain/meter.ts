import type { RegisterUnit } from '../../../platform/db/schema.js';

export type MeterService = 'electricity' | 'gas' | 'water';
export type MeterStatus = 'in-stock' | 'installed' | 'removed' | 'retired';
export type RegisterKind = 'consumption' | 'demand';

/**
 * A register of a meter: `dials` digits shown (so it rolls over at 10^dials), and `multiplier`, the factor
 * (such as a CT ratio) that turns the register's advance into the metered quantity.
 */
export type MeterRegister = {
  id: string;
  meterId: string;
  code: string;
  kind: RegisterKind;
  unit: RegisterUnit;
  dials: number;
  multiplier: string;
  touPeriod: string | null;
};

export type Meter = {
  id: string;
  serialNumber: string;
  model: string | null;
  manufacturer: string | null;
  service: MeterService;
  status: MeterStatus;
  registers: MeterRegister[];
};

/** A period during which a meter sat at a service point: [installedOn, removedOn), open while removedOn is null. */
export type MeterInstallation = {
  id: string;
  meterId: string;
  servicePointId: string;
  installedOn: string;
  removedOn: string | null;
};

/** The register units each service can meter. */
export const unitsByService: Record<MeterService, readonly RegisterUnit[]> = {
  electricity: ['kWh', 'kW', 'kvarh'],
  gas: ['m3', 'ft3', 'therm'],
  water: ['m3', 'ft3', 'gal'],
};
