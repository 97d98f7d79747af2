import { computeLuhnCheckDigit } from '@open-cis/sts';
import type { Temporal } from 'temporal-polyfill';
import type { Db, RequestContext, Trx } from '../../platform/context/request-context.js';
import { inTransaction } from '../../platform/db/in-transaction.js';
import { createServiceAgreements } from '../agreements/index.js';
import { createAccounts, createCustomers } from '../customers/index.js';
import { installMeter, registerMeters } from '../devices/index.js';
import { createPremises, createServicePoints } from '../premises/index.js';
import { grantFreeBasicAllowance, registerPrepaidMeter, setDeductionRules } from '../prepayment/index.js';
import { addTariffVersion, createTariff } from '../rates/index.js';
import { demoPrepaidKey } from './demo-vending-key.js';
import { seedDemoWaterMeter, seedDemoWaterTariff } from './seed-demo-prepaid-water.js';

/** Prepaid households of the demo, each with a token meter; the first receives free basic units. */
const prepaidHouseholds = [
  { givenName: 'Grace', familyName: 'Mabena', address: '12 Lindiwe Road' },
  { givenName: 'Sipho', familyName: 'Dlamini', address: '48 Acacia Lane' },
  { givenName: 'Aisha', familyName: 'Okafor', address: '7 Baobab Close' },
] as const;

export const demoPrepaidTariffCode = 'PREPAID-IBT';

/** A prepaid household's meter, with the customer whose account it supplies. */
export type SeededPrepaidMeter = { meterId: string; pan: string; customerId: string; customerName: string };

/**
 * The prepaid electricity tariff and the households' electricity meters, and the water tariff with the
 * first household's water meter.
 */
export type SeededPrepayment = {
  tariffId: string;
  meters: SeededPrepaidMeter[];
  water: { tariffId: string; meter: SeededPrepaidMeter };
};

/**
 * Adds prepaid customers to the demo utility: an inclining block prepaid tariff and three households with
 * STS meters under the IEC test key data. It also sets the deductions (a monthly service charge taken from
 * the first purchases, and an included sales tax) and gives the first household free basic units. The
 * first household also buys water by token, on a prepaid water tariff, with free basic water.
 */
export async function seedDemoPrepayment(
  db: Db,
  context: RequestContext,
  options: { billCycleId: string; startOn: Temporal.PlainDate },
): Promise<SeededPrepayment> {
  const startOn = options.startOn.toString();
  const tariff = await createTariff(db, context, {
    code: demoPrepaidTariffCode,
    name: 'Prepaid residential, inclining blocks',
    service: 'electricity',
  });
  await addTariffVersion(db, context, {
    tariffId: tariff.id,
    effectiveFrom: startOn,
    definition: prepaidTariff(startOn),
  });
  const waterTariffId = await seedDemoWaterTariff(db, context, startOn);
  const { meters, water } = await inTransaction(db, (trx) =>
    seedHouseholds(
      trx,
      context,
      options.billCycleId,
      { electricity: tariff.id, water: waterTariffId },
      startOn,
    ),
  );
  return { tariffId: tariff.id, meters, water: { tariffId: waterTariffId, meter: water } };
}

async function seedHouseholds(
  trx: Trx,
  context: RequestContext,
  billCycleId: string,
  tariffIds: { electricity: string; water: string },
  startOn: string,
): Promise<{ meters: SeededPrepaidMeter[]; water: SeededPrepaidMeter }> {
  const customers = await createCustomers(
    trx,
    context,
    prepaidHouseholds.map((household) => ({
      kind: 'person' as const,
      givenName: household.givenName,
      familyName: household.familyName,
      preferredLocale: 'en-US',
    })),
  );
  const accounts = await createAccounts(
    trx,
    context,
    customers.map((customer) => ({
      customerId: customer.id,
      billCycleId,
      billDelivery: 'post' as const,
    })),
  );
  const premises = await createPremises(
    trx,
    context,
    prepaidHouseholds.map((household) => ({
      addressLine1: household.address,
      city: 'Jefferson',
      region: 'GA',
      country: 'US',
    })),
  );
  const points = await createServicePoints(
    trx,
    context,
    premises.map((premise) => ({ premiseId: premise.id, service: 'electricity' as const })),
  );
  const meters = await registerMeters(
    trx,
    context,
    prepaidHouseholds.map((_, index) => ({
      serialNumber: `STS${String(31_000_000 + index).padStart(8, '0')}`,
      model: 'Split prepayment meter',
      manufacturer: 'Demo',
      service: 'electricity' as const,
      registers: [{ code: '1.8.0', unit: 'kWh' as const, dials: 6, multiplier: '1' }],
    })),
  );

  const prepaid: SeededPrepaidMeter[] = [];
  for (const [index, meter] of meters.entries()) {
    await installMeter(trx, context, {
      meterId: meter.id,
      servicePointId: points[index]!.id,
      installedOn: startOn,
      reads: [{ registerCode: '1.8.0', value: '0' }],
    });
    const registered = await registerPrepaidMeter(trx, context, {
      meterId: meter.id,
      iin: '600727',
      drn: demoDrn(index),
      key: demoPrepaidKey,
    });
    const customer = customers[index]!;
    prepaid.push({
      meterId: meter.id,
      pan: registered.pan,
      customerId: customer.id,
      customerName: customer.displayName,
    });
  }
  await createServiceAgreements(
    trx,
    context,
    accounts.map((account, index) => ({
      accountId: account.id,
      servicePointId: points[index]!.id,
      tariffId: tariffIds.electricity,
      paymentMode: 'prepaid' as const,
      startOn,
    })),
  );

  await setDeductionRules(trx, context, [
    {
      code: 'service-charge',
      name: 'Monthly service charge',
      kind: 'fixed-charge',
      method: 'monthly',
      amountMinor: '500',
      maxPerVendMinor: '250',
    },
    { code: 'sales-tax', name: 'Sales tax', kind: 'tax', method: 'included-percent', percent: '4' },
  ]);
  await grantFreeBasicAllowance(trx, context, { accountId: accounts[0]!.id, unitsPerMonth: '50', startOn });
  const waterMeter = await seedDemoWaterMeter(
    trx,
    context,
    { accountId: accounts[0]!.id, premiseId: premises[0]!.id, drn: demoDrn(prepaidHouseholds.length) },
    { tariffId: tariffIds.water, startOn },
  );
  const { customerId, customerName } = prepaid[0]!;
  return { meters: prepaid, water: { ...waterMeter, customerId, customerName } };
}

/** Returns a DRN for the demo: 10 digits from the household's position, then their Luhn check digit. */
function demoDrn(index: number): string {
  const digits = String(1_000_000_000 + index * 7919);
  return digits + String(computeLuhnCheckDigit(digits));
}

function prepaidTariff(effectiveFrom: string) {
  return {
    schemaVersion: 1,
    id: 'prepaid-ibt',
    name: 'Prepaid residential, inclining blocks',
    service: 'electricity',
    versions: [
      {
        id: `prepaid-ibt@${effectiveFrom}`,
        effectiveFrom,
        components: [
          {
            kind: 'energy',
            id: 'energy',
            name: 'Energy',
            tierBasis: 'bill-total',
            periods: [
              {
                period: 0,
                tiers: [
                  { upTo: '50', limitUnit: 'kWh', price: '0.10' },
                  { upTo: '350', limitUnit: 'kWh', price: '0.14' },
                  { limitUnit: 'kWh', price: '0.18' },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}
