import type { Db, RequestContext, Trx } from '../../platform/context/request-context.js';
import { createServiceAgreements } from '../agreements/index.js';
import { installMeter, registerMeters } from '../devices/index.js';
import { createServicePoints } from '../premises/index.js';
import { grantFreeBasicAllowance, registerPrepaidMeter } from '../prepayment/index.js';
import { addTariffVersion, createTariff } from '../rates/index.js';
import { demoPrepaidKey } from './demo-vending-key.js';

export const demoPrepaidWaterTariffCode = 'PREPAID-WATER';

/** The free basic water of the household with a prepaid water meter, in m3 (6 kL) a month. */
const freeBasicWaterM3 = '6';

/** Creates the demo's prepaid water tariff, per kL in three inclining blocks, and returns its id. */
export async function seedDemoWaterTariff(db: Db, context: RequestContext, startOn: string): Promise<string> {
  const tariff = await createTariff(db, context, {
    code: demoPrepaidWaterTariffCode,
    name: 'Prepaid water, inclining blocks',
    service: 'water',
  });
  await addTariffVersion(db, context, {
    tariffId: tariff.id,
    effectiveFrom: startOn,
    definition: prepaidWaterTariff(startOn),
  });
  return tariff.id;
}

/**
 * Gives a prepaid household a water supply too. Its premise gets a water service point with an STS water
 * meter under the demo key data, and its account a prepaid agreement on the water tariff and 6 m3 (6 kL)
 * of free basic water a month. Returns the meter id and its PAN.
 */
export async function seedDemoWaterMeter(
  trx: Trx,
  context: RequestContext,
  household: { accountId: string; premiseId: string; drn: string },
  options: { tariffId: string; startOn: string },
): Promise<{ meterId: string; pan: string }> {
  const [point] = await createServicePoints(trx, context, [
    { premiseId: household.premiseId, service: 'water' },
  ]);
  const [meter] = await registerMeters(trx, context, [
    {
      serialNumber: 'STSW00000001',
      model: 'Prepayment water meter',
      manufacturer: 'Demo',
      service: 'water',
      registers: [{ code: 'volume', unit: 'm3', dials: 6, multiplier: '1' }],
    },
  ]);
  await installMeter(trx, context, {
    meterId: meter!.id,
    servicePointId: point!.id,
    installedOn: options.startOn,
    reads: [{ registerCode: 'volume', value: '0' }],
  });
  const registered = await registerPrepaidMeter(trx, context, {
    meterId: meter!.id,
    iin: '600727',
    drn: household.drn,
    key: demoPrepaidKey,
  });
  await createServiceAgreements(trx, context, [
    {
      accountId: household.accountId,
      servicePointId: point!.id,
      tariffId: options.tariffId,
      paymentMode: 'prepaid',
      startOn: options.startOn,
    },
  ]);
  await grantFreeBasicAllowance(trx, context, {
    accountId: household.accountId,
    service: 'water',
    unitsPerMonth: freeBasicWaterM3,
    startOn: options.startOn,
  });
  return { meterId: meter!.id, pan: registered.pan };
}

/**
 * Returns a prepaid water tariff as South African municipalities publish theirs, per kL in inclining
 * blocks whose limits count the month's purchases: the first 6 kL, up to 15 kL, and above. Prices are in
 * the demo's USD.
 */
function prepaidWaterTariff(effectiveFrom: string) {
  return {
    schemaVersion: 1,
    id: 'prepaid-water',
    name: 'Prepaid water, inclining blocks',
    service: 'water',
    versions: [
      {
        id: `prepaid-water@${effectiveFrom}`,
        effectiveFrom,
        components: [
          {
            kind: 'volume',
            id: 'water',
            name: 'Water',
            unit: 'kL',
            source: { kind: 'metered' },
            tiers: [
              { upTo: '6', limitUnit: 'volume', price: '1.20' },
              { upTo: '15', limitUnit: 'volume', price: '2.40' },
              { limitUnit: 'volume', price: '3.60' },
            ],
          },
        ],
      },
    ],
  };
}
