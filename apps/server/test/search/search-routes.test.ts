import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTariff } from '../../src/modules/rates/index.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { createCompanyWithApiKey, type ApiKeyFixture } from '../support/factories/api-key.js';
import { describeEachDatabase, type TestDatabase } from '../support/test-database.js';

type Json = Record<string, unknown>;
type SearchItem = {
  kind: string;
  id: string;
  label: string;
  detail: string | null;
  match: { field: string; value: string };
  customerId: string | null;
  accountId: string | null;
};

/** The ids of one customer's records, created through the API. */
type Household = {
  customerId: string;
  accountId: string;
  premiseId: string;
  servicePointId: string;
  meterId: string;
};

const ada = {
  givenName: 'Ada',
  familyName: 'Lovelace',
  email: 'Ada.Lovelace@Example.com',
  phone: '+1 (706) 555-0143',
  accountNumber: 'ACC-100200',
  addressLine1: '12 Analytical Engine Way',
  city: 'Jefferson',
  marketId: '1912345678901',
  serialNumber: 'LG24000007',
};

describeEachDatabase('search route', (database) => {
  let app: HttpApp;
  let a: ApiKeyFixture;
  let b: ApiKeyFixture;
  let adaInA: Household;
  let adaInB: Household;
  let charlesInA: Household;
  let graceInB: Household;
  let holdingsInA: string;
  let johnInA: Household;
  let mariaInA: Household;
  let leeInA: Household;
  let jonhInB: Household;
  let mariaInB: Household;
  let joseInA: Household;

  beforeAll(async () => {
    ({ app } = await buildTestHttpApp(database()));
    a = await createCompanyWithApiKey(database().db);
    b = await createCompanyWithApiKey(database().db);
    const call = (key: ApiKeyFixture) => (url: string, body: Json) => post(app, key, url, body);

    adaInA = await createHousehold(database(), a, call(a), ada);
    charlesInA = await createHousehold(database(), a, call(a), {
      ...ada,
      givenName: 'Charles',
      familyName: 'Babbage',
      email: 'charles@example.com',
      phone: '+44 20 7946 0018',
      accountNumber: 'ACC-1002001',
      addressLine1: '1 Difference Engine Road',
      city: 'Commerce',
      marketId: '1912345678902',
      serialNumber: 'LG240000071',
    });
    holdingsInA = String(
      (
        await call(a)('/v1/customers', {
          kind: 'organisation',
          organisationName: 'LG24000007 Holdings',
        })
      ).id,
    );
    johnInA = await createHousehold(database(), a, call(a), {
      ...ada,
      givenName: 'John',
      familyName: 'Smith',
      email: 'john.smith@example.com',
      phone: '+1 706 555 0101',
      accountNumber: 'ACC-3001',
      addressLine1: '12 Main Street',
      marketId: '1930000000001',
      serialNumber: 'JS0001',
    });
    mariaInA = await createHousehold(database(), a, call(a), {
      ...ada,
      givenName: 'Maria',
      familyName: 'Lopez',
      email: 'maria.lopez@example.com',
      phone: '+1 706 555 0102',
      accountNumber: 'ACC-3002',
      addressLine1: '40 Oak Ridge Road',
      city: 'Commerce',
      marketId: '1930000000002',
      serialNumber: 'ML0001',
    });
    leeInA = await createHousehold(database(), a, call(a), {
      ...ada,
      givenName: 'Lee',
      familyName: 'Smith',
      email: 'lee.smith@example.com',
      phone: '+1 706 555 0103',
      accountNumber: 'ACC-3003',
      addressLine1: '21 Main Street',
      marketId: '1930000000003',
      serialNumber: 'LS0001',
    });
    joseInA = await createHousehold(database(), a, call(a), {
      ...ada,
      givenName: 'José',
      familyName: 'Núñez',
      email: 'jose.nunez@example.com',
      phone: '+1 706 555 0104',
      accountNumber: 'JEMC-NEW-001',
      addressLine1: '3 Calle Peñón',
      city: 'Logroño',
      marketId: '1930000000004',
      serialNumber: 'JN0001',
    });
    // Company B has a customer with every value of A's Ada, and one that A does not have.
    adaInB = await createHousehold(database(), b, call(b), ada);
    graceInB = await createHousehold(database(), b, call(b), {
      ...ada,
      givenName: 'Grace',
      familyName: 'Hopper',
      email: 'grace@example.com',
      phone: '+1 212 555 0199',
      accountNumber: 'ACC-777',
      addressLine1: '7 Compiler Court',
      marketId: '1999999999999',
      serialNumber: 'GH0001',
    });
    // And customers and premises spelled exactly as A's typos are, which A must never see.
    jonhInB = await createHousehold(database(), b, call(b), {
      ...ada,
      givenName: 'Jonh',
      familyName: 'Smyth',
      email: 'jonh.smyth@example.com',
      phone: '+1 706 555 0201',
      accountNumber: 'ACC-3001',
      addressLine1: '12 Main Street',
      marketId: '1930000000001',
      serialNumber: 'JS0001',
    });
    mariaInB = await createHousehold(database(), b, call(b), {
      ...ada,
      givenName: 'Maria',
      familyName: 'Lopes',
      email: 'maria.lopes@example.com',
      phone: '+1 706 555 0202',
      accountNumber: 'ACC-3002',
      addressLine1: '12 Mian Street',
      marketId: '1930000000002',
      serialNumber: 'ML0001',
    });
  });
  afterAll(async () => {
    await app.close();
  });

  async function search(q: string, key = a, limit?: number): Promise<SearchItem[]> {
    const query = new URLSearchParams({ q, ...(limit === undefined ? {} : { limit: String(limit) }) });
    const response = await app.inject({
      method: 'GET',
      url: `/v1/search?${query.toString()}`,
      headers: { authorization: `Bearer ${key.token}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: SearchItem[] }>().items;
  }

  /** Searches for `q` and returns the field through which the record `id` of `kind` matched, if found. */
  async function matchedField(q: string, kind: string, id: string): Promise<string | undefined> {
    const items = await search(q);
    return items.find((item) => item.kind === kind && item.id === id)?.match.field;
  }

  it.each([
    ['Ada Lovelace', 'customer', 'customerId', 'name'],
    ['lovelace ada', 'customer', 'customerId', 'name'],
    ['ACC-100200', 'account', 'accountId', 'accountNumber'],
    ['acc-100200', 'account', 'accountId', 'accountNumber'],
    ['LG24000007', 'meter', 'meterId', 'serialNumber'],
    ['lg2400', 'meter', 'meterId', 'serialNumber'],
    ['1912345678901', 'service-point', 'servicePointId', 'marketId'],
    ['12 Analytical', 'premise', 'premiseId', 'address'],
    ['analytical engine jefferson', 'premise', 'premiseId', 'address'],
    ['ada.lovelace@example.com', 'customer', 'customerId', 'email'],
    ['Ada.Lovelace@', 'customer', 'customerId', 'email'],
    ['(706) 555-0143', 'customer', 'customerId', 'phone'],
    ['+1 706 555 0143', 'customer', 'customerId', 'phone'],
    ['5550143', 'customer', 'customerId', 'phone'],
  ] as const)('finds %s by %s', async (q, kind, idOf, field) => {
    expect(await matchedField(q, kind, adaInA[idOf])).toBe(field);
  });

  it.each([
    ['Jose Nunez', 'customer', 'customerId', 'name'],
    ['nunez', 'customer', 'customerId', 'name'],
    ['NÚÑEZ JOSÉ', 'customer', 'customerId', 'name'],
    ['calle penon logrono', 'premise', 'premiseId', 'address'],
    ['JEMC-NEW', 'account', 'accountId', 'accountNumber'],
    ['jemc-new-001', 'account', 'accountId', 'accountNumber'],
  ] as const)('finds %s by %s without accents or digits', async (q, kind, idOf, field) => {
    expect(await matchedField(q, kind, joseInA[idOf])).toBe(field);
  });

  it('filters the customer and account lists ignoring accents', async () => {
    const list = async (path: string) => {
      const response = await app.inject({
        method: 'GET',
        url: path,
        headers: { authorization: `Bearer ${a.token}` },
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ items: { id: string }[] }>().items.map((item) => item.id);
    };
    expect(await list('/v1/customers?search=nunez')).toEqual([joseInA.customerId]);
    expect(await list('/v1/customers?search=%C3%91U%C3%91')).toEqual([joseInA.customerId]);
    expect(await list('/v1/accounts?search=jose%20nu')).toEqual([joseInA.accountId]);
    expect(await list('/v1/premises?search=penon')).toEqual([joseInA.premiseId]);
    expect(await list('/v1/premises?search=LOGRONO')).toEqual([joseInA.premiseId]);
  });

  it('finds a service point by id', async () => {
    const items = await search(adaInA.servicePointId.toUpperCase());
    expect(items).toEqual([
      {
        kind: 'service-point',
        id: adaInA.servicePointId,
        label: ada.marketId,
        detail: '12 Analytical Engine Way, Jefferson 30549',
        match: { field: 'id', value: adaInA.servicePointId },
        customerId: adaInA.customerId,
        accountId: adaInA.accountId,
      },
    ]);
  });

  it('returns the ids that open the customer', async () => {
    const [meter] = await search('LG24000007');
    expect(meter).toEqual({
      kind: 'meter',
      id: adaInA.meterId,
      label: 'LG24000007',
      detail: '12 Analytical Engine Way, Jefferson 30549',
      match: { field: 'serialNumber', value: 'LG24000007' },
      customerId: adaInA.customerId,
      accountId: adaInA.accountId,
    });
    const [account] = await search('ACC-100200');
    expect(account).toMatchObject({
      label: 'ACC-100200',
      detail: 'Ada Lovelace',
      customerId: adaInA.customerId,
      accountId: adaInA.accountId,
    });
    const [premise] = await search('12 Analytical Engine Way');
    expect(premise).toMatchObject({
      kind: 'premise',
      detail: 'Ada Lovelace',
      customerId: adaInA.customerId,
      accountId: adaInA.accountId,
    });
    const [customer] = await search('Ada.Lovelace@example.com');
    expect(customer).toMatchObject({
      kind: 'customer',
      label: 'Ada Lovelace',
      match: { field: 'email', value: 'Ada.Lovelace@Example.com' },
      customerId: adaInA.customerId,
      accountId: null,
    });
  });

  it.each(['Ada Lovelase', 'Ada Lovlace', 'lovelac', 'Adda Lovelace', 'Babage'])(
    'finds a name with a typo: %s',
    async (q) => {
      const items = await search(q);
      const expected = q === 'Babage' ? charlesInA.customerId : adaInA.customerId;
      expect(items.map((item) => item.id)).toContain(expected);
      expect(items[0]?.id).toBe(expected);
    },
  );

  it('finds an address with a typo', async () => {
    const items = await search('analitical engine way');
    expect(items[0]).toMatchObject({ kind: 'premise', id: adaInA.premiseId });
  });

  it.each([
    ['Jonh Smith', 'john'],
    ['jonh', 'john'],
    ['John Smyth', 'john'],
    ['Smyth', 'john'],
    ['Maria Lopes', 'maria'],
    ['Lopes', 'maria'],
    ['Mraia Lopez', 'maria'],
    ['Jhon Smith', 'john'],
  ] as const)('finds a short word with a typo: %s', async (q, who) => {
    const expected = who === 'john' ? johnInA.customerId : mariaInA.customerId;
    const items = await search(q);
    expect(items.map((item) => item.id)).toContain(expected);
    if (q.includes(' ')) expect(items[0]?.id).toBe(expected);
  });

  it('finds an address with a typo in a short word', async () => {
    const items = await search('12 Mian Street');
    expect(items[0]).toMatchObject({
      kind: 'premise',
      id: johnInA.premiseId,
      match: { field: 'address', value: '12 Main Street, Jefferson 30549' },
    });
    expect(items.map((item) => item.id)).toContain(leeInA.premiseId);
  });

  it('finds an address with a typo in the house number', async () => {
    for (const q of ['122 Main Street', '2 Main Street', '13 main street']) {
      const items = await search(q);
      expect({ q, ids: items.map((item) => item.id) }).toEqual({
        q,
        ids: expect.arrayContaining([johnInA.premiseId]) as unknown,
      });
    }
  });

  it('shows an address whose house number is swapped after the exact one', async () => {
    const items = await search('21 Main Street');
    const ids = items.map((item) => item.id);
    expect(ids[0]).toBe(leeInA.premiseId);
    expect(ids).toContain(johnInA.premiseId);
  });

  it('finds 12 Main Street for 21 Main Street', async () => {
    const items = await search('21 Main Street', b);
    expect(items[0]).toMatchObject({ kind: 'premise', id: jonhInB.premiseId });
  });

  it('shows no record of another company for typos', async () => {
    const idsOfB = new Set([...Object.values(jonhInB), ...Object.values(mariaInB)]);
    for (const q of [
      'Jonh Smyth',
      'jonh',
      'Smyth',
      'Maria Lopes',
      'Lopes',
      '12 Mian Street',
      '12 main street',
    ]) {
      const items = await search(q);
      const idsInResults = items.flatMap((item) => [item.id, item.customerId, item.accountId]);
      expect({ q, leaked: idsInResults.filter((id) => id !== null && idsOfB.has(id)) }).toEqual({
        q,
        leaked: [],
      });
    }
    expect((await search('Jonh Smyth'))[0]?.id).toBe(johnInA.customerId);
    expect((await search('Jonh Smyth', b))[0]?.id).toBe(jonhInB.customerId);
  });

  it('shows no record of another company', async () => {
    const idsOfB = new Set([...Object.values(adaInB), ...Object.values(graceInB)]);
    for (const q of [
      'Ada Lovelace',
      'Grace Hopper',
      'ACC-100200',
      'ACC-777',
      'LG24000007',
      'GH0001',
      '1999999999999',
      'grace@example.com',
      '212 555 0199',
      '7 Compiler Court',
      'compiler court',
      adaInB.servicePointId,
      adaInB.customerId,
      graceInB.meterId,
    ]) {
      const items = await search(q);
      const idsInResults = items.flatMap((item) => [item.id, item.customerId, item.accountId]);
      expect({ q, leaked: idsInResults.filter((id) => id !== null && idsOfB.has(id)) }).toEqual({
        q,
        leaked: [],
      });
    }
    expect(await search('Grace Hopper')).toEqual([]);
    expect(await search('ACC-777')).toEqual([]);
    expect((await search('Grace Hopper', b)).map((item) => item.id)).toContain(graceInB.customerId);
  });

  it('ranks exact identifier matches first', async () => {
    const bySerial = await search('LG24000007');
    expect(bySerial.map((item) => [item.kind, item.id])).toEqual([
      ['meter', adaInA.meterId],
      ['meter', charlesInA.meterId],
      ['customer', holdingsInA],
    ]);
    const byAccount = await search('acc-100200');
    expect(byAccount.map((item) => item.id).slice(0, 2)).toEqual([adaInA.accountId, charlesInA.accountId]);
    const byName = await search('lovelace');
    expect(byName[0]?.id).toBe(adaInA.customerId);
  });

  it('returns at most limit items', async () => {
    expect(await search('LG24000007', a, 1)).toHaveLength(1);
  });

  it('rejects a query shorter than 2 characters', async () => {
    for (const q of ['a', '  b  ', '']) {
      const response = await app.inject({
        method: 'GET',
        url: `/v1/search?q=${encodeURIComponent(q)}`,
        headers: { authorization: `Bearer ${a.token}` },
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const problem = response.json<{ errors: { path: string; message: string }[] }>();
      expect(problem.errors).toEqual([
        {
          path: 'query.q',
          message: `must have at least 2 characters besides spaces (value: ${JSON.stringify(q.trim())}); type more of the name, number or address`,
          code: 'too_small',
          params: { origin: 'string', minimum: 2, input: q.trim() },
        },
      ]);
    }
  });

  it('rejects a query longer than 100 characters', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/v1/search?q=${'a'.repeat(101)}`,
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const [error, ...others] = response.json<{ errors: { path: string; message: string }[] }>().errors;
    expect(others).toEqual([]);
    expect(error?.path).toBe('query.q');
    expect(error?.message).toMatch(
      /^must have at most 100 characters; shorten it to the most distinctive part/,
    );
    expect(await search(` ${'a'.repeat(100)} `)).toEqual([]);
  });

  it.each(['0', '-1', '2.5', 'ten', ''])('rejects the limit %j', async (limit) => {
    const response = await app.inject({
      method: 'GET',
      url: `/v1/search?q=ada&limit=${limit}`,
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json<{ errors: { path: string }[] }>().errors.map((error) => error.path)).toEqual([
      'query.limit',
    ]);
  });

  it('rejects a missing query and a limit over 50', async () => {
    const missing = await app.inject({
      method: 'GET',
      url: '/v1/search',
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<{ errors: unknown[] }>().errors).toEqual([
      { path: 'query.q', message: 'missing', code: 'invalid_type', params: { missing: true } },
    ]);
    const tooMany = await app.inject({
      method: 'GET',
      url: '/v1/search?q=ada&limit=51',
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('query.limit');
  });
});

async function post(app: HttpApp, key: ApiKeyFixture, url: string, body: Json): Promise<Json> {
  const response = await app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${key.token}` },
    payload: body,
  });
  if (response.statusCode !== 201) throw new Error(`POST ${url} failed: ${response.body}`);
  return response.json<Json>();
}

/** Creates a customer with an account, premise, service point, installed meter and agreement. */
async function createHousehold(
  database: TestDatabase,
  key: ApiKeyFixture,
  call: (url: string, body: Json) => Promise<Json>,
  values: typeof ada,
): Promise<Household> {
  const cycle = await call('/v1/bill-cycles', {
    code: `M-${values.accountNumber}`,
    name: 'Monthly',
    periodMonths: 1,
  });
  const customer = await call('/v1/customers', {
    kind: 'person',
    givenName: values.givenName,
    familyName: values.familyName,
    contacts: [
      { kind: 'email', value: values.email, isPrimary: true },
      { kind: 'mobile', value: values.phone, isPrimary: true },
    ],
  });
  const account = await call('/v1/accounts', {
    customerId: customer.id,
    billCycleId: cycle.id,
    accountNumber: values.accountNumber,
    billDelivery: 'post',
  });
  const premise = await call('/v1/premises', {
    addressLine1: values.addressLine1,
    city: values.city,
    postalCode: '30549',
    country: 'US',
  });
  const servicePoint = await call('/v1/service-points', {
    premiseId: premise.id,
    service: 'electricity',
    marketId: values.marketId,
  });
  const meter = await call('/v1/meters', {
    serialNumber: values.serialNumber,
    service: 'electricity',
    registers: [{ code: '1.8.0', unit: 'kWh', dials: 6 }],
  });
  await call('/v1/meter-installations', {
    meterId: meter.id,
    servicePointId: servicePoint.id,
    installedOn: '2025-01-01',
    reads: [{ registerCode: '1.8.0', value: '100' }],
  });
  const tariff = await createTariff(database.forCompany(key.companyId), systemContext(key.companyId), {
    code: `R-${values.accountNumber}`,
    name: 'Residential',
    service: 'electricity',
  });
  await call('/v1/agreements', {
    accountId: account.id,
    servicePointId: servicePoint.id,
    tariffId: tariff.id,
    startOn: '2025-01-01',
  });
  return {
    customerId: String(customer.id),
    accountId: String(account.id),
    premiseId: String(premise.id),
    servicePointId: String(servicePoint.id),
    meterId: String(meter.id),
  };
}
