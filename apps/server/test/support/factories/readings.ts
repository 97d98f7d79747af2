import { randomUUID } from 'node:crypto';
import type { Db } from '../../../src/platform/context/request-context.js';
import type { RegisterUnit } from '../../../src/platform/db/schema.js';
import type { CompanyFixture } from './company.js';

export type MeteredServicePoint = {
  servicePointId: string;
  marketId: string;
  meterId: string;
  meterSerial: string;
  registerId: string;
  installationId: string;
};

/** A premise with an electricity service point, inserted directly. */
export async function insertServicePoint(
  db: Db,
  company: CompanyFixture,
  marketId = `ES${randomUUID().replaceAll('-', '').slice(0, 18).toUpperCase()}`,
): Promise<{ servicePointId: string; marketId: string }> {
  const premise = await db
    .insertInto('premises.premise')
    .values({
      company_id: company.companyId,
      address_line1: '1 Test Street',
      city: 'Testville',
      country: 'ES',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const servicePoint = await db
    .insertInto('premises.service_point')
    .values({
      company_id: company.companyId,
      premise_id: premise.id,
      service: 'electricity',
      market_id: marketId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { servicePointId: servicePoint.id, marketId };
}

/** A meter with one register, inserted directly. */
export async function insertMeter(
  db: Db,
  company: CompanyFixture,
  register: { code?: string; dials?: number; multiplier?: string; unit?: RegisterUnit; serial?: string } = {},
): Promise<{ meterId: string; meterSerial: string; registerId: string }> {
  const meterSerial = register.serial ?? `M-${randomUUID().slice(0, 8)}`;
  const meter = await db
    .insertInto('devices.meter')
    .values({
      company_id: company.companyId,
      serial_number: meterSerial,
      service: 'electricity',
      status: 'installed',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const inserted = await db
    .insertInto('devices.meter_register')
    .values({
      company_id: company.companyId,
      meter_id: meter.id,
      code: register.code ?? '1.8.0',
      unit: register.unit ?? 'kWh',
      dials: register.dials ?? 5,
      multiplier: register.multiplier ?? '1',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { meterId: meter.id, meterSerial, registerId: inserted.id };
}

export async function insertInstallation(
  db: Db,
  company: CompanyFixture,
  meterId: string,
  servicePointId: string,
  installedOn: string,
  removedOn: string | null = null,
): Promise<string> {
  const installation = await db
    .insertInto('devices.meter_installation')
    .values({
      company_id: company.companyId,
      meter_id: meterId,
      service_point_id: servicePointId,
      installed_on: installedOn,
      removed_on: removedOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return installation.id;
}

/** A service point with a 5-dial kWh meter installed since `installedOn`. */
export async function aMeteredServicePoint(
  db: Db,
  company: CompanyFixture,
  options: { installedOn?: string; dials?: number; multiplier?: string; marketId?: string } = {},
): Promise<MeteredServicePoint> {
  const servicePoint = await insertServicePoint(db, company, options.marketId);
  const meter = await insertMeter(db, company, { dials: options.dials, multiplier: options.multiplier });
  const installationId = await insertInstallation(
    db,
    company,
    meter.meterId,
    servicePoint.servicePointId,
    options.installedOn ?? '2023-01-01',
  );
  return { ...servicePoint, ...meter, installationId };
}
