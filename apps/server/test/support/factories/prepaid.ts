import { randomInt } from 'node:crypto';
import {
  computeLuhnCheckDigit,
  createMeterSimulator,
  createSoftwareTokenIssuer,
  deriveDecoderKey,
  parseHexBytes,
  parseVendingKeySecrets,
  type DecoderKeyData,
  type MeterSimulator,
  type TokenIssuer,
} from '@open-cis/sts';
import type { TariffDefinition } from '@open-cis/rating';
import { createApiKey } from '../../../src/modules/identity/index.js';
import {
  assignVendingCashier,
  createVendingAgent,
  createVendingOutlet,
  depositAgentFloat,
  registerPrepaidMeter,
  setCommissionRules,
  type PrepaidMeter,
} from '../../../src/modules/prepayment/index.js';
import type { DeductionRuleInput } from '../../../src/modules/prepayment/domain/prepayment-setup-schemas.js';
import type { Db } from '../../../src/platform/context/request-context.js';
import { systemContext } from '../../../src/platform/context/request-context.js';
import { newId } from '../../../src/platform/ids/new-id.js';
import type { CompanyFixture } from './company.js';
import {
  insertMeteredAccount,
  insertTariff,
  type MeteredAccount,
  type MeteredService,
} from './metered-account.js';

/**
 * The IEC 62055-41 test key data and 64-bit test vending key of the STS vectors' meter M1 (SGC 123456,
 * KRN 1, unique key, DKGA02, EA07 with the sample tables). They use base date 2014, because TIDs counted
 * from 1993 passed the 24-bit range in 2024. These are public test values, never a real utility's.
 */
export const testKey: DecoderKeyData = {
  sgc: '123456',
  ti: 1,
  krn: 1,
  kt: 2,
  ken: 255,
  baseDate: '2014-01-01',
  dkga: '02',
  ea: '07',
};
const testVendingKeyHex = 'abababababababab';

/** The test key at key revision 2, with a vending key of its own: the target of key change tests. */
export const testKeyRevision2: DecoderKeyData = { ...testKey, krn: 2 };
const revision2VendingKeyHex = 'cdcdcdcdcdcdcdcd';

/** Creates a software token issuer holding the test vending keys of key revisions 1 and 2. */
export function testTokenIssuer(): TokenIssuer {
  const secrets = JSON.stringify({
    vendingKeys: [
      { sgc: testKey.sgc, krn: testKey.krn, kt: testKey.kt, dkga: testKey.dkga, keyHex: testVendingKeyHex },
      { sgc: testKey.sgc, krn: 2, kt: testKey.kt, dkga: testKey.dkga, keyHex: revision2VendingKeyHex },
    ],
  });
  return createSoftwareTokenIssuer({ vendingKeys: parseVendingKeySecrets(secrets, 'test vending keys') });
}

/** Creates a simulated meter with the PAN's decoder key under the test key, to enter vended tokens into. */
export function simulateMeter(pan: string, key: DecoderKeyData = testKey): MeterSimulator {
  const decoderKey = deriveDecoderKey({ vendingKey: parseHexBytes(testVendingKeyHex)!, pan, keyData: key });
  return createMeterSimulator({ key: { ...key, decoderKey: { ea: key.ea, key: decoderKey } } });
}

/** Returns a random 11-digit DRN whose last digit is its Luhn check digit. */
export function aDrn(): string {
  const digits = Array.from({ length: 10 }, () => String(randomInt(10))).join('');
  return digits + String(computeLuhnCheckDigit(digits));
}

/** Returns a prepaid electricity tariff: 0.10 a kWh up to 50 kWh a month, 0.20 up to 350, then 0.30. */
export function incliningBlockTariff(effectiveFrom = '2020-01-01'): TariffDefinition {
  return {
    schemaVersion: 1,
    id: 'prepaid-blocks',
    name: 'Prepaid inclining blocks',
    service: 'electricity',
    versions: [
      {
        id: 'v1',
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
                  { upTo: '350', limitUnit: 'kWh', price: '0.20' },
                  { limitUnit: 'kWh', price: '0.30' },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

/**
 * Returns a prepaid water tariff priced per kL, as South African municipalities publish it: 12.00 a kL up
 * to 6 kL a month, 18.00 up to 15 kL, then 25.00.
 */
export function waterBlockTariff(effectiveFrom = '2020-01-01'): TariffDefinition {
  return {
    schemaVersion: 1,
    id: 'prepaid-water',
    name: 'Prepaid water, inclining blocks',
    service: 'water',
    versions: [
      {
        id: 'v1',
        effectiveFrom,
        components: [
          {
            kind: 'volume',
            id: 'water',
            name: 'Water',
            unit: 'kL',
            source: { kind: 'metered' },
            tiers: [
              { upTo: '6', limitUnit: 'volume', price: '12.00' },
              { upTo: '15', limitUnit: 'volume', price: '18.00' },
              { limitUnit: 'volume', price: '25.00' },
            ],
          },
        ],
      },
    ],
  };
}

/**
 * Returns a prepaid gas tariff priced per kWh, with a calorific value of 10 kWh/m3 and a volume correction
 * factor of 1. It costs 0.20 a kWh (2.00 a m3) up to 100 kWh (10 m3) a month, then 0.25 a kWh (2.50 a m3).
 */
export function gasEnergyTariff(effectiveFrom = '2020-01-01'): TariffDefinition {
  return {
    schemaVersion: 1,
    id: 'prepaid-gas',
    name: 'Prepaid gas by energy',
    service: 'gas',
    versions: [
      {
        id: 'v1',
        effectiveFrom,
        gasConversion: { volumeCorrectionFactor: '1', calorificValue: '10', calorificValueUnit: 'kWh/m3' },
        components: [
          {
            kind: 'energy',
            id: 'gas',
            name: 'Gas',
            tierBasis: 'bill-total',
            periods: [
              {
                period: 0,
                tiers: [
                  { upTo: '100', limitUnit: 'kWh', price: '0.20' },
                  { limitUnit: 'kWh', price: '0.25' },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

const defaultTariffOfService: Record<MeteredService, () => TariffDefinition> = {
  electricity: incliningBlockTariff,
  water: waterBlockTariff,
  gas: gasEnergyTariff,
};

export type PrepaidFixture = MeteredAccount & { pan: string; meter: PrepaidMeter };

/**
 * Inserts an account with an installed meter of `service` (electricity by default) and a prepaid agreement
 * on `tariffId`, or on an inclining block tariff of the service of its own when absent, before the
 * meter's STS key data is registered.
 */
export async function insertPrepaidAgreement(
  db: Db,
  company: CompanyFixture,
  options: { tariffId?: string; startOn?: string; service?: MeteredService } = {},
): Promise<MeteredAccount> {
  const service = options.service ?? 'electricity';
  const tariffId =
    options.tariffId ?? (await insertTariff(db, company.companyId, defaultTariffOfService[service]()));
  const account = await insertMeteredAccount(db, company, tariffId, {
    startOn: options.startOn ?? '2026-01-01',
    service,
  });
  await db
    .updateTable('agreements.service_agreement')
    .set({ payment_mode: 'prepaid' })
    .where('company_id', '=', company.companyId)
    .where('id', '=', account.agreementId)
    .execute();
  return account;
}

/** Inserts a prepaid agreement (see insertPrepaidAgreement) whose meter is registered under the test key. */
export async function insertPrepaidMeter(
  db: Db,
  company: CompanyFixture,
  options: { tariffId?: string; startOn?: string; service?: MeteredService } = {},
): Promise<PrepaidFixture> {
  const account = await insertPrepaidAgreement(db, company, options);
  const meter = await registerPrepaidMeter(db, systemContext(company.companyId, 'prepaid-test'), {
    meterId: account.meterId,
    iin: '600727',
    drn: aDrn(),
    key: testKey,
  });
  return { ...account, pan: meter.pan, meter };
}

/**
 * Deduction rules of a typical prepaid utility: a fixed channel fee, debt recovery of 20 % capped at 5.00
 * a vend, a fixed levy and 15 % VAT included in the price.
 */
export const typicalDeductionRules: DeductionRuleInput[] = [
  { code: 'fee', name: 'Channel fee', kind: 'channel-fee', method: 'fixed', amountMinor: '50' },
  {
    code: 'debt',
    name: 'Debt recovery',
    kind: 'debt-recovery',
    method: 'percent',
    percent: '20',
    maxPerVendMinor: '500',
  },
  { code: 'levy', name: 'Electrification levy', kind: 'levy', method: 'fixed', amountMinor: '20' },
  { code: 'vat', name: 'VAT', kind: 'tax', method: 'included-percent', percent: '15' },
];

/** A vending agent with one outlet and an API key that sells there. */
export type SellingAgentFixture = { agentId: string; outletId: string; keyId: string; token: string };

/**
 * Creates a vending agent in ZAR with an outlet, a 2 % commission, a float of `floatMinor` and an API key
 * that sells for it at the outlet. `db` is scoped to the company.
 */
export async function insertSellingAgent(
  db: Db,
  companyId: string,
  code: string,
  floatMinor: string,
): Promise<SellingAgentFixture> {
  const context = systemContext(companyId, 'prepaid-test');
  const agent = await createVendingAgent(db, context, { code, name: `Agent ${code}` });
  const outlet = await createVendingOutlet(db, context, agent.id, { code: 'main', name: 'Main outlet' });
  await setCommissionRules(db, context, agent.id, { rules: [{ method: 'percent', percent: '2' }] });
  await depositAgentFloat(db, context, agent.id, {
    amountMinor: floatMinor,
    currency: 'ZAR',
    reference: `opening-${code}`,
  });
  const key = await addSellingKey(db, companyId, agent.id, outlet.id);
  return { agentId: agent.id, outletId: outlet.id, ...key };
}

/** Creates an API key that sells for the agent at the outlet. */
export async function addSellingKey(
  db: Db,
  companyId: string,
  agentId: string,
  outletId: string,
): Promise<{ keyId: string; token: string }> {
  const context = systemContext(companyId, 'prepaid-test');
  const key = await createApiKey(db, context, {
    name: `Selling key ${newId()}`,
    permissions: ['vending:read', 'vending:write'],
  });
  await assignVendingCashier(db, context, agentId, {
    actorKind: 'api-key',
    actorId: key.apiKey.id,
    outletId,
  });
  return { keyId: key.apiKey.id, token: key.token };
}
