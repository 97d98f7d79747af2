import type { Db, RequestContext } from '../../../src/platform/context/request-context.js';
import { systemContext } from '../../../src/platform/context/request-context.js';
import {
  addTariffVersion,
  createTariff,
  type Tariff,
  type TariffVersion,
} from '../../../src/modules/rates/index.js';
import type { CompanyFixture } from './company.js';

/** A valid tariff document with one version: a monthly fixed charge and one flat energy price. */
export function aTariffDefinition(
  overrides: {
    effectiveFrom?: string;
    energyPrice?: string;
    fixedPerMonth?: string;
    service?: 'electricity' | 'gas' | 'water';
  } = {},
): Record<string, unknown> {
  const effectiveFrom = overrides.effectiveFrom ?? '2024-01-01';
  return {
    schemaVersion: 1,
    id: 'residential-flat',
    name: 'Residential flat rate',
    service: overrides.service ?? 'electricity',
    versions: [
      {
        id: `residential-flat@${effectiveFrom}`,
        effectiveFrom,
        components: [
          {
            kind: 'fixed',
            id: 'standing',
            name: 'Standing charge',
            amount: overrides.fixedPerMonth ?? '5.50',
            per: 'month',
          },
          {
            kind: 'energy',
            id: 'energy',
            name: 'Energy',
            tierBasis: 'bill-total',
            periods: [
              { period: 0, tiers: [{ limitUnit: 'kWh', price: overrides.energyPrice ?? '0.123456' }] },
            ],
          },
        ],
      },
    ],
  };
}

export function ratesContext(company: CompanyFixture): RequestContext {
  return systemContext(company.companyId, 'rates-test');
}

/** A manual electricity tariff with a unique code. */
export async function aTariff(
  db: Db,
  company: CompanyFixture,
  code = `T-${crypto.randomUUID().slice(0, 8)}`,
): Promise<Tariff> {
  return createTariff(db, ratesContext(company), { code, name: `Tariff ${code}`, service: 'electricity' });
}

/** Adds a version of `aTariffDefinition` to a tariff. */
export async function aTariffVersion(
  db: Db,
  company: CompanyFixture,
  tariff: Tariff,
  range: { effectiveFrom: string; effectiveTo?: string | null; energyPrice?: string },
): Promise<TariffVersion> {
  const result = await addTariffVersion(db, ratesContext(company), {
    tariffId: tariff.id,
    effectiveFrom: range.effectiveFrom,
    effectiveTo: range.effectiveTo ?? null,
    definition: aTariffDefinition(range),
  });
  return result.version;
}
