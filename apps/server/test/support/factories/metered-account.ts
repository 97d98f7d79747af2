import { randomUUID } from 'node:crypto';
import type { TariffDefinition } from '@open-cis/rating';
import type { Db } from '../../../src/platform/context/request-context.js';
import { insertAccount, type CompanyFixture } from './company.js';

/** Builds a residential tariff: a monthly fixed charge, two energy tiers (first 500 kWh) and a 5 % tax. */
export function tieredTariffDefinition(effectiveFrom = '2020-01-01'): TariffDefinition {
  return {
    schemaVersion: 1,
    id: 'residential-tiered',
    name: 'Residential tiered',
    service: 'electricity',
    versions: [
      {
        id: 'v1',
        effectiveFrom,
        components: [
          { kind: 'fixed', id: 'service', name: 'Service charge', amount: '9.00', per: 'month' },
          {
            kind: 'energy',
            id: 'energy',
            name: 'Energy',
            tierBasis: 'bill-total',
            periods: [
              {
                period: 0,
                tiers: [
                  { upTo: '500', limitUnit: 'kWh', price: '0.10' },
                  { limitUnit: 'kWh', price: '0.15' },
                ],
              },
            ],
          },
          {
            kind: 'tax',
            id: 'vat',
            name: 'VAT',
            rate: { kind: 'percent', percent: '5' },
            appliesTo: { kinds: ['fixed', 'energy'] },
          },
        ],
      },
    ],
  };
}

export async function insertTariff(
  db: Db,
  companyId: string,
  definition: TariffDefinition = tieredTariffDefinition(),
  range: { from: string; to: string | null } = {
    from: definition.versions[0]?.effectiveFrom ?? '2020-01-01',
    to: null,
  },
): Promise<string> {
  const tariff = await db
    .insertInto('rates.tariff')
    .values({
      company_id: companyId,
      code: `T-${randomUUID().slice(0, 8)}`,
      name: definition.name,
      // A sewer definition is billed with a water service point's agreement.
      service: definition.service === 'sewer' ? 'water' : definition.service,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertTariffVersion(db, companyId, tariff.id, definition, range);
  return tariff.id;
}

export async function insertTariffVersion(
  db: Db,
  companyId: string,
  tariffId: string,
  definition: TariffDefinition,
  range: { from: string; to: string | null },
): Promise<void> {
  await db
    .insertInto('rates.tariff_version')
    .values({
      company_id: companyId,
      tariff_id: tariffId,
      effective_from: range.from,
      effective_to: range.to,
      definition: JSON.stringify(definition),
    })
    .execute();
}

export type MeteredAccount = {
  accountId: string;
  servicePointId: string;
  meterId: string;
  registerId: string;
  agreementId: string;
};

/** A service of a service point and its meter. */
export type MeteredService = 'electricity' | 'gas' | 'water';

/**
 * Inserts an account with a premise and a service point of `service` (electricity by default). The point
 * gets a 5-dial meter of that service (kWh, or m3 for gas and water) installed on `startOn` with an
 * install read, and a postpaid agreement on the tariff from `startOn`. The rows are inserted directly, so
 * nothing checks that the tariff prices the same service.
 */
export async function insertMeteredAccount(
  db: Db,
  company: CompanyFixture,
  tariffId: string,
  options: {
    startOn?: string;
    installRead?: string;
    dials?: number;
    endOn?: string;
    service?: MeteredService;
  } = {},
): Promise<MeteredAccount> {
  const { companyId } = company;
  const startOn = options.startOn ?? '2026-01-01';
  const { accountId } = await insertAccount(db, company);
  const premise = await db
    .insertInto('premises.premise')
    .values({ company_id: companyId, address_line1: '1 Main Street', city: 'Springfield', country: 'US' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const servicePoint = await db
    .insertInto('premises.service_point')
    .values({ company_id: companyId, premise_id: premise.id, service: options.service ?? 'electricity' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const meter = await insertMeter(db, companyId, options.dials ?? 5, options.service);
  await installMeter(db, companyId, meter, servicePoint.id, startOn, options.installRead ?? '1000');
  const agreement = await db
    .insertInto('agreements.service_agreement')
    .values({
      company_id: companyId,
      account_id: accountId,
      service_point_id: servicePoint.id,
      tariff_id: tariffId,
      start_on: startOn,
      end_on: options.endOn ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { accountId, servicePointId: servicePoint.id, ...meter, agreementId: agreement.id };
}

export async function insertMeter(
  db: Db,
  companyId: string,
  dials = 5,
  service: MeteredService = 'electricity',
): Promise<{ meterId: string; registerId: string }> {
  const meter = await db
    .insertInto('devices.meter')
    .values({
      company_id: companyId,
      serial_number: `M-${randomUUID().slice(0, 13)}`,
      service,
      status: 'installed',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const unit = service === 'electricity' ? 'kWh' : 'm3';
  const register = await db
    .insertInto('devices.meter_register')
    .values({ company_id: companyId, meter_id: meter.id, code: '1.8.0', unit, dials })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { meterId: meter.id, registerId: register.id };
}

export async function installMeter(
  db: Db,
  companyId: string,
  meter: { meterId: string; registerId: string },
  servicePointId: string,
  on: string,
  installRead: string,
): Promise<void> {
  await db
    .insertInto('devices.meter_installation')
    .values({
      company_id: companyId,
      meter_id: meter.meterId,
      service_point_id: servicePointId,
      installed_on: on,
    })
    .execute();
  await insertRead(db, companyId, meter.registerId, on, installRead, 'install');
}

export async function insertRead(
  db: Db,
  companyId: string,
  registerId: string,
  readOn: string,
  value: string,
  kind: 'actual' | 'install' | 'removal' | 'customer' = 'actual',
): Promise<string> {
  const read = await db
    .insertInto('readings.register_read')
    .values({
      company_id: companyId,
      register_id: registerId,
      read_on: readOn,
      value,
      kind,
      source: 'manual',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return read.id;
}
