import { randomUUID } from 'node:crypto';
import { registerMeter, type Meter, type RegisterMeterInput } from '../../../src/modules/devices/index.js';
import { systemContext, type Db } from '../../../src/platform/context/request-context.js';
import type { CompanyFixture } from './company.js';

/** Builds the input of a single-register kWh electricity meter with 5 dials and a unique serial number. */
export function aMeterInput(overrides: Partial<RegisterMeterInput> = {}): RegisterMeterInput {
  return {
    serialNumber: `SN-${randomUUID().slice(0, 13).toUpperCase()}`,
    model: 'Focus AXe',
    manufacturer: 'Landis+Gyr',
    service: 'electricity',
    registers: [{ code: '1.8.0', unit: 'kWh', dials: 5, multiplier: '1' }],
    ...overrides,
  };
}

export async function aMeter(
  db: Db,
  company: CompanyFixture,
  input: RegisterMeterInput = aMeterInput(),
): Promise<Meter> {
  return registerMeter(db, systemContext(company.companyId, 'devices-test'), input);
}
