import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTariff } from '../../src/modules/rates/index.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { createCompanyWithApiKey, type ApiKeyFixture } from '../support/factories/api-key.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { describeEachDatabase } from '../support/test-database.js';

type Json = Record<string, unknown>;

describeEachDatabase('master data routes', (database) => {
  let app: HttpApp;
  let owner: ApiKeyFixture;
  let stranger: ApiKeyFixture;

  beforeAll(async () => {
    const { db } = database();
    ({ app } = await buildTestHttpApp(database()));
    owner = await createCompanyWithApiKey(db);
    stranger = await createCompanyWithApiKey(db);
  });
  afterAll(async () => {
    await app.close();
  });

  async function call(method: 'GET' | 'POST' | 'PATCH', url: string, body?: Json, key = owner) {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${key.token}` },
      ...(body ? { payload: body } : {}),
    });
    return { status: response.statusCode, body: response.json<Json>() };
  }

  it('builds a supplied account from the API', async () => {
    const cycle = await call('POST', '/v1/bill-cycles', { code: 'M1', name: 'Monthly', periodMonths: 1 });
    expect(cycle.status).toBe(201);
    const customer = await call('POST', '/v1/customers', {
      kind: 'person',
      givenName: 'Ada',
      familyName: 'Lovelace',
      contacts: [{ kind: 'email', value: 'ada@example.com', isPrimary: true }],
    });
    expect(customer.status).toBe(201);
    const account = await call('POST', '/v1/accounts', {
      customerId: customer.body.id,
      billCycleId: cycle.body.id,
      billDeliveryEmail: 'ada@example.com',
    });
    expect(account.status).toBe(201);
    expect(account.body.accountNumber).toBe('0000000018');

    const premise = await call('POST', '/v1/premises', {
      addressLine1: '1 Main Street',
      city: 'Jefferson',
      country: 'US',
      location: { latitude: 34.1, longitude: -83.5 },
    });
    const point = await call('POST', '/v1/service-points', {
      premiseId: premise.body.id,
      service: 'electricity',
    });
    expect(point.status).toBe(201);
    const meter = await call('POST', '/v1/meters', {
      serialNumber: 'HTTP-1',
      service: 'electricity',
      registers: [{ code: '1.8.0', unit: 'kWh', dials: 6 }],
    });
    expect(meter.status).toBe(201);
    const installed = await call('POST', '/v1/meter-installations', {
      meterId: meter.body.id,
      servicePointId: point.body.id,
      installedOn: '2025-01-01',
      reads: [{ registerCode: '1.8.0', value: '100' }],
    });
    expect(installed.status).toBe(201);

    const tariff = await createTariff(database().db, systemContext(owner.companyId), {
      code: 'R1',
      name: 'Residential',
      service: 'electricity',
    });
    const agreement = await call('POST', '/v1/agreements', {
      accountId: account.body.id,
      servicePointId: point.body.id,
      tariffId: tariff.id,
      startOn: '2025-01-01',
    });
    expect(agreement.status).toBe(201);

    const overlapping = await call('POST', '/v1/agreements', {
      accountId: account.body.id,
      servicePointId: point.body.id,
      tariffId: tariff.id,
      startOn: '2025-03-01',
    });
    expect(overlapping.status).toBe(409);
    expect(overlapping.body.code).toBe('AGREEMENTS.AGREEMENT_OVERLAP');

    const read = await call('GET', `/v1/accounts/${String(account.body.id)}`);
    expect(read.status).toBe(200);
    expect((read.body.agreements as Json[]).map((item) => item.id)).toEqual([agreement.body.id]);

    const search = await call('GET', '/v1/accounts?search=lovelace');
    expect(search.body.total).toBe(1);
    const meters = await call('GET', '/v1/meters?serialNumber=http');
    expect(meters.body.total).toBe(1);

    const hidden = await call('GET', `/v1/accounts/${String(account.body.id)}`, undefined, stranger);
    expect(hidden.status).toBe(404);
    const hiddenMeter = await call('GET', `/v1/meters/${String(meter.body.id)}`, undefined, stranger);
    expect(hiddenMeter.status).toBe(404);
    const change = await call(
      'PATCH',
      `/v1/customers/${String(customer.body.id)}`,
      { familyName: 'X' },
      stranger,
    );
    expect(change.status).toBe(404);
    expect((await call('GET', '/v1/customers', undefined, stranger)).body.total).toBe(0);
  });

  it('answers invalid input with the field', async () => {
    const response = await call('POST', '/v1/premises', {
      addressLine1: '1 Main Street',
      city: 'X',
      country: 'ZZ',
    });
    expect(response.status).toBe(400);
    expect((response.body.errors as Json[]).map((issue) => issue.path)).toContain('country');
  });
});
