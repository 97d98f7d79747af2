import type { DbOrTrx } from '../../../platform/context/request-context.js';
import type { RegisterUnit } from '../../../platform/db/schema.js';

/** A meter register as the readings module needs it to validate and bill reads. */
export type ReadableRegister = {
  id: string;
  meterId: string;
  meterSerial: string;
  code: string;
  kind: 'consumption' | 'demand';
  unit: RegisterUnit;
  dials: number;
  multiplier: string;
};

// NOTE: these lookups read the devices tables directly because the devices module has no public API for
// registers yet; move them behind devices/index.ts once it exists.
function selectRegisters(db: DbOrTrx, companyId: string) {
  return db
    .selectFrom('devices.meter_register as register')
    .innerJoin('devices.meter as meter', (join) =>
      join.onRef('meter.company_id', '=', 'register.company_id').onRef('meter.id', '=', 'register.meter_id'),
    )
    .select([
      'register.id',
      'register.meter_id as meterId',
      'meter.serial_number as meterSerial',
      'register.code',
      'register.kind',
      'register.unit',
      'register.dials',
      'register.multiplier',
    ])
    .where('register.company_id', '=', companyId);
}

export async function findRegister(
  db: DbOrTrx,
  companyId: string,
  registerId: string,
): Promise<ReadableRegister | undefined> {
  return selectRegisters(db, companyId).where('register.id', '=', registerId).executeTakeFirst();
}

export async function findRegisterBySerial(
  db: DbOrTrx,
  companyId: string,
  meterSerial: string,
  registerCode: string,
): Promise<ReadableRegister | undefined> {
  return selectRegisters(db, companyId)
    .where('meter.serial_number', '=', meterSerial)
    .where('register.code', '=', registerCode)
    .executeTakeFirst();
}
