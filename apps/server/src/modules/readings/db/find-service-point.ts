import type { DbOrTrx } from '../../../platform/context/request-context.js';

export type ServicePointRef = {
  id: string;
  marketId: string | null;
  service: 'electricity' | 'gas' | 'water';
};

export type MeterInstallationRef = { servicePointId: string; installedOn: string; removedOn: string | null };

// NOTE: these lookups read the premises and devices tables directly because those modules have no public
// API for them yet; move them behind premises/index.ts and devices/index.ts once they exist.

export async function findServicePoint(
  db: DbOrTrx,
  companyId: string,
  servicePointId: string,
): Promise<ServicePointRef | undefined> {
  return db
    .selectFrom('premises.service_point')
    .select(['id', 'market_id as marketId', 'service'])
    .where('company_id', '=', companyId)
    .where('id', '=', servicePointId)
    .executeTakeFirst();
}

export async function findServicePointByMarketId(
  db: DbOrTrx,
  companyId: string,
  marketId: string,
): Promise<ServicePointRef | undefined> {
  return db
    .selectFrom('premises.service_point')
    .select(['id', 'market_id as marketId', 'service'])
    .where('company_id', '=', companyId)
    .where('market_id', '=', marketId)
    .executeTakeFirst();
}

/** Lists where the meter with this serial number has been installed, oldest first. */
export async function listInstallationsOfMeter(
  db: DbOrTrx,
  companyId: string,
  meterSerial: string,
): Promise<MeterInstallationRef[]> {
  return db
    .selectFrom('devices.meter_installation as installation')
    .innerJoin('devices.meter as meter', (join) =>
      join
        .onRef('meter.company_id', '=', 'installation.company_id')
        .onRef('meter.id', '=', 'installation.meter_id'),
    )
    .select([
      'installation.service_point_id as servicePointId',
      'installation.installed_on as installedOn',
      'installation.removed_on as removedOn',
    ])
    .where('installation.company_id', '=', companyId)
    .where('meter.serial_number', '=', meterSerial)
    .orderBy('installation.installed_on')
    .execute();
}
