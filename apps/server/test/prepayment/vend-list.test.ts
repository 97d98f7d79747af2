import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { createTestApiKey } from '../support/factories/api-key.js';
import type { CompanyFixture } from '../support/factories/company.js';
import { insertPrepaidMeter, type PrepaidFixture } from '../support/factories/prepaid.js';
import { setUpPrepaidApp } from '../support/factories/prepaid-app.js';
import { signInNewUser } from '../support/signed-in-user.js';
import { describeEachDatabase } from '../support/test-database.js';

type Headers = Record<string, string>;
type VendJson = {
  id: string;
  agentId: string | null;
  accountNumber: string;
  customerName: string;
  transactionReference: string;
  reprintCount: number;
  copy: boolean;
  tokens: { token: string }[];
};
type ListItem = Record<string, unknown> & {
  id: string;
  pan: string;
  agentId: string | null;
  accountNumber: string;
  customerName: string;
  transactionReference: string;
  tenderedMinor: string;
  status: string;
};
type ListPage = { items: ListItem[]; total: number; limit: number; offset: number };
type Problem = { code: string; detail: string; errors?: { path: string; message: string }[] };

describeEachDatabase('prepaid sales list', (database) => {
  let app: HttpApp;
  let company: CompanyFixture;
  let admin: Headers;
  let sequence = 0;
  let today: string;

  beforeAll(async () => {
    ({ app, company, auth: admin } = await setUpPrepaidApp(database()));
    today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Johannesburg' }).format(new Date());
  });
  afterAll(async () => {
    await app.close();
  });

  const call = (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    headers: Headers,
    payload?: Record<string, unknown>,
  ): Promise<LightMyRequestResponse> => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  async function list(headers: Headers, query = ''): Promise<ListPage> {
    const response = await call('GET', `/v1/prepaid/vends${query}`, headers);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<ListPage>();
  }

  /** Creates an agent with a float and a selling API key assigned to it. */
  async function setUpAgent() {
    sequence += 1;
    const created = await call('POST', '/v1/prepaid/agents', admin, {
      code: `list-${sequence}`,
      name: `List shop ${sequence}`,
    });
    expect(created.statusCode, created.body).toBe(201);
    const agentId = created.json<{ id: string }>().id;
    const deposit = await call('POST', `/v1/prepaid/agents/${agentId}/float-deposits`, admin, {
      amountMinor: '100000',
      currency: 'ZAR',
      reference: `list-deposit-${sequence}`,
    });
    expect(deposit.statusCode, deposit.body).toBe(201);
    const key = await createTestApiKey(database().db, company.companyId, ['vending:read', 'vending:write']);
    const assigned = await call('PUT', `/v1/prepaid/agents/${agentId}/cashiers`, admin, {
      actorKind: 'api-key',
      actorId: key.keyId,
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    return { agentId, cashier: { authorization: `Bearer ${key.token}` } };
  }

  async function sell(
    headers: Headers,
    meter: PrepaidFixture,
    amountMinor: string,
    transactionReference?: string,
  ): Promise<VendJson> {
    const response = await call(
      'POST',
      '/v1/prepaid/vends',
      { ...headers, 'idempotency-key': `list-${++sequence}-${company.companyId.slice(0, 8)}` },
      {
        pan: meter.pan,
        amountMinor,
        currency: 'ZAR',
        ...(transactionReference ? { transactionReference } : {}),
      },
    );
    expect(response.statusCode, response.body).toBe(201);
    return response.json<VendJson>();
  }

  async function accountNumberOf(meter: PrepaidFixture): Promise<string> {
    const account = await database()
      .db.selectFrom('customers.account')
      .select('account_number')
      .where('company_id', '=', company.companyId)
      .where('id', '=', meter.accountId)
      .executeTakeFirstOrThrow();
    return account.account_number;
  }

  const signedInUser = (kind: 'agent' | 'staff', roles: string[] = []) =>
    signInNewUser(app, database().db, company, { kind, roles });

  it('shows each agent its own vends only', async () => {
    const first = await setUpAgent();
    const second = await setUpAgent();
    const meter = await insertPrepaidMeter(database().db, company);
    const byFirst = await sell(first.cashier, meter, '1000');
    const bySecond = await sell(second.cashier, meter, '2000');
    const byStaff = await sell(admin, meter, '3000');

    const firstPage = await list(first.cashier);
    expect(firstPage.items.map((item) => item.id)).toEqual([byFirst.id]);
    expect(firstPage.total).toBe(1);
    const secondPage = await list(second.cashier);
    expect(secondPage.items.map((item) => item.id)).toEqual([bySecond.id]);

    // Naming its own agent changes nothing, and naming another agent is a not-found.
    expect((await list(first.cashier, `?agentId=${first.agentId}`)).total).toBe(1);
    const other = await call('GET', `/v1/prepaid/vends?agentId=${second.agentId}`, first.cashier);
    expect(other.statusCode).toBe(404);
    expect(other.json<Problem>().code).toBe('PREPAYMENT.AGENT_NOT_FOUND');
    expect(other.body).not.toContain(bySecond.id);

    // Staff see every vend, and can filter by agent.
    const all = await list(admin, `?pan=${meter.pan}`);
    expect(new Set(all.items.map((item) => item.id))).toEqual(new Set([byFirst.id, bySecond.id, byStaff.id]));
    const ofSecond = await list(admin, `?agentId=${second.agentId}`);
    expect(ofSecond.items.map((item) => item.id)).toEqual([bySecond.id]);
  });

  it('keeps a CSV export to the agent', async () => {
    const first = await setUpAgent();
    const second = await setUpAgent();
    const meter = await insertPrepaidMeter(database().db, company);
    const byFirst = await sell(first.cashier, meter, '1500');
    const bySecond = await sell(second.cashier, meter, '2500');
    const response = await call('GET', '/v1/prepaid/vends?format=csv', first.cashier);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('accountNumber,customerName');
    expect(lines[1]).toContain(byFirst.id);
    expect(lines[1]).toContain(',15.00,');
    expect(response.body).not.toContain(bySecond.id);
  });

  it('shows agent users their agent only', async () => {
    const agent = await setUpAgent();
    const meter = await insertPrepaidMeter(database().db, company);
    const sold = await sell(agent.cashier, meter, '1000');
    const login = await signedInUser('agent');

    // An agent user that sells for no agent yet gets no vends at all.
    const unassigned = await list(login.headers);
    expect(unassigned).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
    const named = await call('GET', `/v1/prepaid/vends?agentId=${agent.agentId}`, login.headers);
    expect(named.statusCode).toBe(404);

    const assigned = await call('PUT', `/v1/prepaid/agents/${agent.agentId}/cashiers`, admin, {
      actorKind: 'user',
      actorId: login.id,
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const page = await list(login.headers);
    expect(page.items.map((item) => item.id)).toEqual([sold.id]);
  });

  it('needs prepayment:read to list every agent', async () => {
    const meter = await insertPrepaidMeter(database().db, company);
    await sell(admin, meter, '1000');
    const seller = await createTestApiKey(database().db, company.companyId, ['vending:read']);
    const response = await call('GET', '/v1/prepaid/vends', {
      authorization: `Bearer ${seller.token}`,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json<Problem>().code).toBe('AUTH.PERMISSION_MISSING');

    // The cashier role includes prepayment:read, so a staff cashier gets the company's sales.
    const cashier = await signedInUser('staff', ['cashier']);
    expect((await list(cashier.headers, `?pan=${meter.pan}`)).total).toBe(1);
  });

  it('filters by meter, reference and day', async () => {
    const agent = await setUpAgent();
    const meter = await insertPrepaidMeter(database().db, company);
    const otherMeter = await insertPrepaidMeter(database().db, company);
    const reference = `RCPT-${sequence}-0001`;
    const byReference = await sell(agent.cashier, meter, '1000', reference);
    const second = await sell(agent.cashier, meter, '1200');
    const onOtherMeter = await sell(agent.cashier, otherMeter, '1300');

    const ofMeter = await list(agent.cashier, `?pan=${meter.pan}`);
    expect(ofMeter.items.map((item) => item.id)).toEqual([second.id, byReference.id]);
    expect((await list(agent.cashier, `?pan=${otherMeter.pan}`)).items.map((item) => item.id)).toEqual([
      onOtherMeter.id,
    ]);
    // The DRN inside the PAN finds the meter too, and so do digits typed in groups.
    const drn = meter.pan.slice(6, 17);
    expect((await list(agent.cashier, `?pan=${drn}`)).items.map((item) => item.id)).toEqual([
      second.id,
      byReference.id,
    ]);
    const grouped = encodeURIComponent(meter.pan.replace(/(\d{4})(?=\d)/g, '$1 '));
    expect((await list(agent.cashier, `?pan=${grouped}`)).total).toBe(2);

    // A reference matches by its start, as a seller types it from a printed receipt.
    const exact = await list(agent.cashier, `?transactionReference=${reference}`);
    expect(exact.items.map((item) => item.id)).toEqual([byReference.id]);
    const start = await list(agent.cashier, `?transactionReference=${reference.slice(0, -3)}`);
    expect(start.items.map((item) => item.id)).toEqual([byReference.id]);
    const keyed = await list(
      agent.cashier,
      `?transactionReference=${second.transactionReference.slice(0, 8)}`,
    );
    expect(keyed.items.map((item) => item.id)).toContain(second.id);
    // LIKE wildcards in the filter match only themselves.
    expect((await list(agent.cashier, '?transactionReference=%25')).total).toBe(0);
    expect((await list(agent.cashier, '?transactionReference=_')).total).toBe(0);

    expect((await list(agent.cashier, `?accountingDateFrom=${today}&accountingDateTo=${today}`)).total).toBe(
      3,
    );
    expect((await list(agent.cashier, '?accountingDateTo=2020-01-31')).total).toBe(0);
    expect((await list(agent.cashier, '?accountingDateFrom=2999-01-01')).total).toBe(0);
  });

  it('pages and sorts the sales', async () => {
    const agent = await setUpAgent();
    const meter = await insertPrepaidMeter(database().db, company);
    const sold = [];
    for (const amountMinor of ['1100', '900', '1300'])
      sold.push(await sell(agent.cashier, meter, amountMinor));

    const first = await list(agent.cashier, '?limit=2');
    expect(first.total).toBe(3);
    expect(first.items.map((item) => item.id)).toEqual([sold[2]!.id, sold[1]!.id]);
    const second = await list(agent.cashier, '?limit=2&offset=2');
    expect(second.items.map((item) => item.id)).toEqual([sold[0]!.id]);

    const byAmount = await list(agent.cashier, '?sort=tenderedMinor:asc');
    expect(byAmount.items.map((item) => item.tenderedMinor)).toEqual(['900', '1100', '1300']);
  });

  it('lists the customer by account number and name only', async () => {
    const agent = await setUpAgent();
    const meter = await insertPrepaidMeter(database().db, company);
    const sold = await sell(agent.cashier, meter, '1000');
    const accountNumber = await accountNumberOf(meter);
    expect(sold.accountNumber).toBe(accountNumber);
    expect(sold.customerName).toBe('Ada Test');

    const [item] = (await list(agent.cashier)).items;
    expect(item?.accountNumber).toBe(accountNumber);
    expect(item?.customerName).toBe('Ada Test');
    expect(item?.pan).toBe(meter.pan);
    // The list hands out no tokens: a copy of them comes from a reprint, which is counted.
    expect(Object.keys(item ?? {}).sort()).toEqual([
      'accountId',
      'accountNumber',
      'accountingDate',
      'agentId',
      'channel',
      'commissionMinor',
      'currency',
      'customerName',
      'freeUnits',
      'id',
      'issuedAt',
      'meterId',
      'outletId',
      'pan',
      'releasedAt',
      'reprintCount',
      'reversedAt',
      'service',
      'status',
      'tenderedMinor',
      'transactionReference',
      'unit',
      'units',
    ]);

    const reprint = await call('POST', `/v1/prepaid/vends/${sold.id}/reprint`, agent.cashier);
    expect(reprint.statusCode, reprint.body).toBe(200);
    const copy = reprint.json<VendJson>();
    expect(copy.copy).toBe(true);
    expect(copy.tokens.map((token) => token.token)).toEqual(sold.tokens.map((token) => token.token));
    expect(copy.accountNumber).toBe(accountNumber);
    expect((await list(agent.cashier)).items[0]?.reprintCount).toBe(1);
  });

  it('rejects bad filters naming the field', async () => {
    const cases: [query: string, path: string][] = [
      ['?pan=12a45', 'pan'],
      ['?pan=1234567890123456789', 'pan'],
      ['?agentId=shop-1', 'agentId'],
      ['?accountingDateFrom=2026-02-30', 'accountingDateFrom'],
      ['?accountingDateFrom=2026-03-02&accountingDateTo=2026-03-01', 'accountingDateTo'],
      ['?transactionReference=has%20space', 'transactionReference'],
      ['?sort=pan', 'sort'],
      ['?status=sold', 'status'],
    ];
    for (const [query, path] of cases) {
      const response = await call('GET', `/v1/prepaid/vends${query}`, admin);
      expect({ query, status: response.statusCode }).toEqual({ query, status: 400 });
      const paths = response.json<Problem>().errors?.map((error) => error.path);
      expect({ query, paths }).toEqual({ query, paths: [`query.${path}`] });
    }
  });
});
