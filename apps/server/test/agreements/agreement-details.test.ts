import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addAgreementDetails, listServiceAgreements } from '../../src/modules/agreements/index.js';
import { exchangeMeter, installMeter, type Meter } from '../../src/modules/devices/index.js';
import { createTariff } from '../../src/modules/rates/index.js';
import { systemContext, type Db } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { anAgreement } from '../support/factories/agreements.js';
import { createTestApiKey } from '../support/factories/api-key.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { aCustomer, anAccount } from '../support/factories/customers.js';
import { aMeter, aMeterInput } from '../support/factories/devices.js';
import { aPremise, aPremiseInput, aServicePoint } from '../support/factories/premises.js';
import { aTariff } from '../support/factories/rates.js';
import { describeEachDatabase } from '../support/test-database.js';

type Json = Record<string, unknown>;
type Agreement = {
  id: string;
  servicePointId: string;
  servicePoint: {
    id: string;
    marketId: string | null;
    service: string;
    premise: { id: string; addressLine1: string; city: string };
    meters:
      { serialNumber: string; installedOn: string; removedOn: string | null; registers: Json[] }[] | null;
  } | null;
  tariff: { id: string; code: string; name: string } | null;
};
type CustomerPremises = {
  items: {
    premise: { id: string; addressLine1: string };
    servicePoints: {
      id: string;
      service: string;
      marketId: string | null;
      agreements: {
        id: string;
        accountId: string;
        accountNumber: string;
        startOn: string;
        endOn: string | null;
      }[];
    }[];
  }[];
  truncated: boolean;
};

const contextOf = (company: CompanyFixture) => systemContext(company.companyId, 'agreement-details-test');
const read = (value: number) => [{ registerCode: '1.8.0', value }];

/**
 * Builds one customer with two accounts. Account `main` is supplied at two premises: electricity and gas at
 * `home`, electricity at `shop`. Account `former` supplied `shop` until `main` took it over. `home`'s
 * electricity meter was exchanged twice, once before and once during `main`'s agreement there.
 */
async function buildSuppliedCustomer(db: Db, company: CompanyFixture) {
  const context = contextOf(company);
  const customer = await aCustomer(db, company);
  const main = await anAccount(db, company, { customerId: customer.id });
  const former = await anAccount(db, company, { customerId: customer.id });
  const home = await aPremise(db, company, aPremiseInput({ addressLine1: '7 Elm Road' }));
  const shop = await aPremise(db, company, aPremiseInput({ addressLine1: '2 Market Square' }));
  const homePower = await aServicePoint(db, company, { premiseId: home.id, service: 'electricity' });
  const homeGas = await aServicePoint(db, company, { premiseId: home.id, service: 'gas' });
  const shopPower = await aServicePoint(db, company, { premiseId: shop.id, service: 'electricity' });
  const powerTariff = await aTariff(db, company);
  const gasTariff = await createTariff(db, context, { code: 'GAS-1', name: 'Gas standard', service: 'gas' });

  const oldest = await aMeter(db, company);
  const middle = await aMeter(db, company);
  const newest = await aMeter(
    db,
    company,
    aMeterInput({
      manufacturer: null,
      model: null,
      registers: [
        { code: '1.8.0', unit: 'kWh', dials: 6 },
        { code: '1.6.0', kind: 'demand', unit: 'kW', dials: 4 },
      ],
    }),
  );
  const shopMeter = await aMeter(db, company);
  const power = { servicePointId: homePower.id };
  await installMeter(db, context, {
    meterId: oldest.id,
    ...power,
    installedOn: '2024-01-01',
    reads: read(1),
  });
  await exchange(db, company, homePower.id, '2024-06-01', middle);
  await exchange(db, company, homePower.id, '2025-03-01', newest);
  await installMeter(db, context, {
    meterId: shopMeter.id,
    servicePointId: shopPower.id,
    installedOn: '2025-01-01',
    reads: read(1),
  });

  const atHome = await anAgreement(db, company, {
    accountId: main.id,
    ...power,
    tariffId: powerTariff.id,
    startOn: '2025-02-01',
  });
  const gas = await anAgreement(db, company, {
    accountId: main.id,
    servicePointId: homeGas.id,
    tariffId: gasTariff.id,
    startOn: '2025-01-15',
  });
  const shopNow = await anAgreement(db, company, {
    accountId: main.id,
    servicePointId: shopPower.id,
    tariffId: powerTariff.id,
    startOn: '2025-01-01',
  });
  const shopBefore = await anAgreement(db, company, {
    accountId: former.id,
    servicePointId: shopPower.id,
    tariffId: powerTariff.id,
    startOn: '2024-01-01',
    endOn: '2025-01-01',
  });
  return {
    customer,
    main,
    former,
    home,
    shop,
    homePower,
    homeGas,
    shopPower,
    powerTariff,
    gasTariff,
    meters: { oldest, middle, newest, shopMeter },
    agreements: { atHome, gas, shopNow, shopBefore },
  };
}

async function exchange(db: Db, company: CompanyFixture, servicePointId: string, on: string, next: Meter) {
  await exchangeMeter(db, contextOf(company), {
    servicePointId,
    exchangedOn: on,
    removalReads: read(50),
    newMeterId: next.id,
    installReads: read(1),
  });
}

/** Counts the SQL statements a Kysely instance runs. */
function countingPlugin(): KyselyPlugin & { count: number } {
  const plugin = {
    count: 0,
    transformQuery: (args: Parameters<KyselyPlugin['transformQuery']>[0]) => {
      plugin.count += 1;
      return args.node;
    },
    transformResult: (args: Parameters<KyselyPlugin['transformResult']>[0]) => Promise.resolve(args.result),
  };
  return plugin;
}

describeEachDatabase('account agreement details', (database) => {
  let app: HttpApp;
  let company: CompanyFixture;
  let stranger: CompanyFixture;
  let supplied: Awaited<ReturnType<typeof buildSuppliedCustomer>>;
  let strangerSupplied: Awaited<ReturnType<typeof buildSuppliedCustomer>>;
  let fullKey: string;
  let strangerKey: string;

  beforeAll(async () => {
    const { db } = database();
    ({ app } = await buildTestHttpApp(database()));
    company = await insertCompany(db);
    stranger = await insertCompany(db);
    supplied = await buildSuppliedCustomer(db, company);
    strangerSupplied = await buildSuppliedCustomer(db, stranger);
    fullKey = (await createTestApiKey(db, company.companyId, ['*'])).token;
    strangerKey = (await createTestApiKey(db, stranger.companyId, ['*'])).token;
  });
  afterAll(async () => {
    await app.close();
  });

  async function get<T>(url: string, token = fullKey): Promise<{ status: number; body: T }> {
    const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    return { status: response.statusCode, body: response.json<T>() };
  }

  async function keyWith(permissions: string[]): Promise<string> {
    return (await createTestApiKey(database().db, company.companyId, permissions)).token;
  }

  it('account agreements carry service point and tariff', async () => {
    const { status, body } = await get<{ agreements: Agreement[] }>(`/v1/accounts/${supplied.main.id}`);
    expect(status).toBe(200);
    const byId = new Map(body.agreements.map((agreement) => [agreement.id, agreement]));
    const atHome = byId.get(supplied.agreements.atHome.id);
    expect(atHome?.servicePoint?.id).toBe(supplied.homePower.id);
    expect(atHome?.servicePoint?.marketId).toBe(supplied.homePower.marketId);
    expect(atHome?.servicePoint?.service).toBe('electricity');
    expect(atHome?.servicePoint?.premise.id).toBe(supplied.home.id);
    expect(atHome?.servicePoint?.premise.addressLine1).toBe('7 Elm Road');
    expect(atHome?.tariff).toEqual({
      id: supplied.powerTariff.id,
      code: supplied.powerTariff.code,
      name: supplied.powerTariff.name,
    });
    const gas = byId.get(supplied.agreements.gas.id);
    expect(gas?.servicePoint?.service).toBe('gas');
    expect(gas?.tariff).toEqual({ id: supplied.gasTariff.id, code: 'GAS-1', name: 'Gas standard' });
  });

  it('meters are those installed during the agreement', async () => {
    const { body } = await get<{ agreements: Agreement[] }>(`/v1/accounts/${supplied.main.id}`);
    const atHome = body.agreements.find((agreement) => agreement.id === supplied.agreements.atHome.id);
    const meters = atHome?.servicePoint?.meters ?? [];
    expect(meters.map((meter) => [meter.serialNumber, meter.installedOn, meter.removedOn])).toEqual([
      [supplied.meters.newest.serialNumber, '2025-03-01', null],
      [supplied.meters.middle.serialNumber, '2024-06-01', '2025-03-01'],
    ]);
    expect(meters[0]?.registers.map((register) => [register.code, register.kind, register.unit])).toEqual([
      ['1.6.0', 'demand', 'kW'],
      ['1.8.0', 'consumption', 'kWh'],
    ]);
    const gas = body.agreements.find((agreement) => agreement.id === supplied.agreements.gas.id);
    expect(gas?.servicePoint?.meters).toEqual([]);

    const former = await get<{ agreements: Agreement[] }>(`/v1/accounts/${supplied.former.id}`);
    // The shop's meter went in on the day the former account's agreement ended, so it is not listed.
    expect(former.body.agreements[0]?.servicePoint?.meters).toEqual([]);
  });

  it('agreements need agreements:read', async () => {
    const customersOnly = await keyWith(['customers:read']);
    const account = await get<{ id: string; agreements: Agreement[] | null }>(
      `/v1/accounts/${supplied.main.id}`,
      customersOnly,
    );
    expect(account.status).toBe(200);
    expect(account.body.id).toBe(supplied.main.id);
    expect(account.body.agreements).toBeNull();
    expect((await get('/v1/agreements', customersOnly)).status).toBe(403);
  });

  it('parts need their module read permission', async () => {
    const agreementsOnly = await keyWith(['customers:read', 'agreements:read']);
    const bare = await get<{ agreements: Agreement[] }>(`/v1/accounts/${supplied.main.id}`, agreementsOnly);
    expect(bare.status).toBe(200);
    expect(bare.body.agreements.map((agreement) => [agreement.servicePoint, agreement.tariff])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);

    const withPremises = await keyWith(['customers:read', 'agreements:read', 'premises:read']);
    const partial = await get<{ agreements: Agreement[] }>(`/v1/accounts/${supplied.main.id}`, withPremises);
    const atHome = partial.body.agreements.find(
      (agreement) => agreement.id === supplied.agreements.atHome.id,
    );
    expect(atHome?.servicePoint?.premise.id).toBe(supplied.home.id);
    expect(atHome?.servicePoint?.meters).toBeNull();
    expect(atHome?.tariff).toBeNull();
  });

  it('another company sees none of it', async () => {
    expect((await get(`/v1/accounts/${supplied.main.id}`, strangerKey)).status).toBe(404);
    expect((await get(`/v1/customers/${supplied.customer.id}/premises`, strangerKey)).status).toBe(404);

    const own = await get<{ agreements: Agreement[] }>(
      `/v1/accounts/${strangerSupplied.main.id}`,
      strangerKey,
    );
    const text = JSON.stringify(own.body);
    for (const id of [
      supplied.home.id,
      supplied.homePower.id,
      supplied.powerTariff.id,
      supplied.meters.newest.id,
    ]) {
      expect(text).not.toContain(id);
    }
    expect(own.body.agreements.map((agreement) => agreement.servicePoint?.premise.id).sort()).toEqual(
      [strangerSupplied.home.id, strangerSupplied.home.id, strangerSupplied.shop.id].sort(),
    );
  });

  it('query count does not grow with agreements', async () => {
    const { db } = database();
    const small = await insertCompany(db);
    const large = await insertCompany(db);
    const agreementsOf = async (target: CompanyFixture, count: number) => {
      const account = await anAccount(db, target);
      const tariff = await aTariff(db, target);
      for (let index = 0; index < count; index += 1) {
        const point = await aServicePoint(db, target);
        const meter = await aMeter(db, target);
        await installMeter(db, contextOf(target), {
          meterId: meter.id,
          servicePointId: point.id,
          installedOn: '2025-01-01',
          reads: read(1),
        });
        await anAgreement(db, target, {
          accountId: account.id,
          servicePointId: point.id,
          tariffId: tariff.id,
        });
      }
      return (await listServiceAgreements(db, contextOf(target), { accountId: account.id })).items;
    };
    const statementsFor = async (target: CompanyFixture, count: number) => {
      const agreements = await agreementsOf(target, count);
      const counter = countingPlugin();
      const details = await addAgreementDetails(db.withPlugin(counter), contextOf(target), agreements);
      expect(details.every((agreement) => agreement.servicePoint?.meters?.length === 1)).toBe(true);
      return counter.count;
    };
    const forOne = await statementsFor(small, 1);
    const forTwelve = await statementsFor(large, 12);
    expect(forOne).toBeGreaterThan(0);
    expect(forTwelve).toBe(forOne);
  });
});

describeEachDatabase('customer premises', (database) => {
  let app: HttpApp;
  let company: CompanyFixture;
  let supplied: Awaited<ReturnType<typeof buildSuppliedCustomer>>;
  let fullKey: string;

  beforeAll(async () => {
    const { db } = database();
    ({ app } = await buildTestHttpApp(database()));
    company = await insertCompany(db);
    supplied = await buildSuppliedCustomer(db, company);
    fullKey = (await createTestApiKey(db, company.companyId, ['*'])).token;
  });
  afterAll(async () => {
    await app.close();
  });

  async function get<T>(url: string, token = fullKey): Promise<{ status: number; body: T }> {
    const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    return { status: response.statusCode, body: response.json<T>() };
  }

  it('groups agreements by premise and service point', async () => {
    const { status, body } = await get<CustomerPremises>(`/v1/customers/${supplied.customer.id}/premises`);
    expect(status).toBe(200);
    expect(body.truncated).toBe(false);
    expect(body.items.map((item) => item.premise.addressLine1)).toEqual(['7 Elm Road', '2 Market Square']);
    const [home, shop] = body.items;
    expect(home?.servicePoints.map((point) => [point.id, point.service])).toEqual([
      [supplied.homePower.id, 'electricity'],
      [supplied.homeGas.id, 'gas'],
    ]);
    expect(shop?.servicePoints[0]?.marketId).toBe(supplied.shopPower.marketId);
    expect(shop?.servicePoints[0]?.agreements).toEqual([
      {
        id: supplied.agreements.shopNow.id,
        accountId: supplied.main.id,
        accountNumber: supplied.main.accountNumber,
        startOn: '2025-01-01',
        endOn: null,
      },
      {
        id: supplied.agreements.shopBefore.id,
        accountId: supplied.former.id,
        accountNumber: supplied.former.accountNumber,
        startOn: '2024-01-01',
        endOn: '2025-01-01',
      },
    ]);
  });

  it('customer without accounts has no premises', async () => {
    const lonely = await aCustomer(database().db, company);
    const { status, body } = await get<CustomerPremises>(`/v1/customers/${lonely.id}/premises`);
    expect(status).toBe(200);
    expect(body).toEqual({ items: [], truncated: false });
  });

  it('needs customer, agreement and premise reads', async () => {
    const { db } = database();
    const url = `/v1/customers/${supplied.customer.id}/premises`;
    for (const missing of ['customers:read', 'agreements:read', 'premises:read']) {
      const granted = ['customers:read', 'agreements:read', 'premises:read'].filter((p) => p !== missing);
      const token = (await createTestApiKey(db, company.companyId, granted)).token;
      const { status, body } = await get<Json>(url, token);
      expect(status).toBe(403);
      expect(body.code).toBe('AUTH.PERMISSION_MISSING');
      expect(body.detail).toContain(missing);
    }
  });

  it('unknown customer is not found', async () => {
    const { status, body } = await get<Json>(`/v1/customers/${crypto.randomUUID()}/premises`);
    expect(status).toBe(404);
    expect(body.code).toBe('CUSTOMERS.CUSTOMER_NOT_FOUND');
  });
});
