import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { createTestApiKey } from '../support/factories/api-key.js';
import type { CompanyFixture } from '../support/factories/company.js';
import { insertPrepaidMeter, simulateMeter } from '../support/factories/prepaid.js';
import { signInNewUser } from '../support/signed-in-user.js';
import { setUpPrepaidApp } from '../support/factories/prepaid-app.js';
import { describeEachDatabase } from '../support/test-database.js';

type AgentJson = {
  id: string;
  code: string;
  floatBalanceMinor: string;
  creditLimitMinor: string;
  status: string;
};
type VendJson = {
  id: string;
  agentId: string | null;
  outletId: string | null;
  channel: string;
  commissionMinor: string;
  tenderedMinor: string;
  tokens: { token: string }[];
};
type Problem = { code: string; detail: string; errors?: { path: string; message: string }[] };
type ReconciliationJson = {
  openingFloatMinor: string;
  depositsMinor: string;
  vendsMinor: string;
  commissionMinor: string;
  reversalsMinor: string;
  closingFloatMinor: string;
  cashiers: {
    actorId: string;
    outletId: string | null;
    vendCount: number;
    tenderedMinor: string;
    reversedCount: number;
  }[];
};

describeEachDatabase('vending agents', (database) => {
  let app: HttpApp;
  let company: CompanyFixture;
  let admin: { authorization: string };
  let agentCount = 0;
  let reference = 0;

  beforeAll(async () => {
    ({ app, company, auth: admin } = await setUpPrepaidApp(database()));
  });
  afterAll(async () => {
    await app.close();
  });

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    headers: { authorization: string },
    payload?: Record<string, unknown>,
  ): Promise<LightMyRequestResponse> => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  /** Creates an agent with one outlet, a float of `floatMinor` and a selling API key at that outlet. */
  async function setUpAgent(floatMinor: string, commission?: Record<string, unknown>) {
    agentCount += 1;
    const created = await call('POST', '/v1/prepaid/agents', admin, {
      code: `shop-${agentCount}`,
      name: `Shop ${agentCount}`,
    });
    expect(created.statusCode, created.body).toBe(201);
    const agent = created.json<AgentJson>();
    const outlet = await call('POST', `/v1/prepaid/agents/${agent.id}/outlets`, admin, {
      code: 'main',
      name: 'Main street',
    });
    expect(outlet.statusCode, outlet.body).toBe(201);
    const key = await createTestApiKey(database().db, company.companyId, [
      'prepayment:read',
      'vending:read',
      'vending:write',
    ]);
    const assigned = await call('PUT', `/v1/prepaid/agents/${agent.id}/cashiers`, admin, {
      actorKind: 'api-key',
      actorId: key.keyId,
      outletId: outlet.json<{ id: string }>().id,
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    if (commission) {
      const rules = await call('PUT', `/v1/prepaid/agents/${agent.id}/commission-rules`, admin, {
        rules: [commission],
      });
      expect(rules.statusCode, rules.body).toBe(200);
    }
    if (floatMinor !== '0') await deposit(agent.id, floatMinor);
    return {
      agent,
      outletId: outlet.json<{ id: string }>().id,
      keyId: key.keyId,
      cashier: { authorization: `Bearer ${key.token}` },
    };
  }

  async function deposit(agentId: string, amountMinor: string, ref = `dep-${++reference}`) {
    const response = await call('POST', `/v1/prepaid/agents/${agentId}/float-deposits`, admin, {
      amountMinor,
      currency: 'ZAR',
      reference: ref,
    });
    expect([200, 201]).toContain(response.statusCode);
    return response;
  }

  async function floatOf(agentId: string): Promise<string> {
    const response = await call('GET', `/v1/prepaid/agents/${agentId}`, admin);
    return response.json<AgentJson>().floatBalanceMinor;
  }

  const vend = (cashier: { authorization: string }, pan: string, amountMinor: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/prepaid/vends',
      headers: {
        ...cashier,
        'idempotency-key': `agent-vend-${++reference}-${company.companyId.slice(0, 8)}`,
      },
      payload: { pan, amountMinor, currency: 'ZAR' },
    });

  it('draws a vend from the float less commission', async () => {
    const { agent, outletId, cashier } = await setUpAgent('10000', { method: 'percent', percent: '2.5' });
    const meter = await insertPrepaidMeter(database().db, company);
    const response = await vend(cashier, meter.pan, '2000');
    expect(response.statusCode, response.body).toBe(201);
    const sold = response.json<VendJson>();
    expect(sold.agentId).toBe(agent.id);
    expect(sold.outletId).toBe(outletId);
    expect(sold.channel).toBe('agent');
    expect(sold.commissionMinor).toBe('50');
    expect(await floatOf(agent.id)).toBe('8050');
    expect(simulateMeter(meter.pan).enterToken(sold.tokens[0]!.token).kind).toBe('accepted');
  });

  it('stops vending at the float limit', async () => {
    const { agent, cashier } = await setUpAgent('1500');
    const meter = await insertPrepaidMeter(database().db, company);
    const refused = await vend(cashier, meter.pan, '2000');
    expect(refused.statusCode).toBe(422);
    const problem = refused.json<Problem>();
    expect(problem.code).toBe('PREPAYMENT.AGENT_FLOAT_EXHAUSTED');
    expect(problem.detail).toContain('has 1500 minor units of float left');
    expect(problem.errors?.[0]?.path).toBe('amountMinor');
    expect(await floatOf(agent.id)).toBe('1500');

    const granted = await call('PATCH', `/v1/prepaid/agents/${agent.id}`, admin, { creditLimitMinor: '500' });
    expect(granted.statusCode, granted.body).toBe(200);
    expect((await vend(cashier, meter.pan, '2000')).statusCode).toBe(201);
    expect(await floatOf(agent.id)).toBe('-500');
  });

  it('never double-spends the float concurrently', async () => {
    const { agent, cashier } = await setUpAgent('1000');
    const meters = await Promise.all(
      Array.from({ length: 6 }, () => insertPrepaidMeter(database().db, company)),
    );
    const responses = await Promise.all(meters.map((meter) => vend(cashier, meter.pan, '300')));
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([201, 201, 201, 422, 422, 422]);
    expect(await floatOf(agent.id)).toBe('100');
  });

  it('gives a reversed vend back to the float', async () => {
    const { agent, cashier } = await setUpAgent('5000', { method: 'fixed', amountMinor: '20' });
    const meter = await insertPrepaidMeter(database().db, company);
    const sold = (await vend(cashier, meter.pan, '1000')).json<VendJson>();
    expect(await floatOf(agent.id)).toBe('4020');
    const reversed = await call('POST', `/v1/prepaid/vends/${sold.id}/reverse`, cashier, {
      reason: 'wrong meter',
    });
    expect(reversed.statusCode, reversed.body).toBe(200);
    expect(await floatOf(agent.id)).toBe('5000');
  });

  it('gives a corrected released vend back to the float', async () => {
    const { agent, cashier } = await setUpAgent('5000', { method: 'fixed', amountMinor: '20' });
    const meter = await insertPrepaidMeter(database().db, company);
    const sold = (await vend(cashier, meter.pan, '1000')).json<VendJson>();
    expect((await call('POST', `/v1/prepaid/vends/${sold.id}/confirm`, cashier)).statusCode).toBe(200);
    expect(await floatOf(agent.id)).toBe('4020');
    const correction = { reasonCode: 'customer-refund', reason: 'refunded at the counter' };
    const rejected = await call('POST', `/v1/prepaid/vends/${sold.id}/corrections`, cashier, correction);
    expect(rejected.statusCode).toBe(403);
    expect(rejected.json<Problem>().code).toBe('AUTH.PERMISSION_MISSING');

    const supervisor = await signInNewUser(app, database().db, company, {
      kind: 'staff',
      roles: ['administrator'],
    });
    const corrected = await app.inject({
      method: 'POST',
      url: `/v1/prepaid/vends/${sold.id}/corrections`,
      headers: supervisor.headers,
      payload: correction,
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(await floatOf(agent.id)).toBe('5000');
  });

  it('keeps each agent to its own vends and figures', async () => {
    const first = await setUpAgent('5000');
    const second = await setUpAgent('5000');
    const meter = await insertPrepaidMeter(database().db, company);
    const sold = (await vend(first.cashier, meter.pan, '1000')).json<VendJson>();
    expect((await call('GET', `/v1/prepaid/vends/${sold.id}`, second.cashier)).statusCode).toBe(404);
    const reversal = await call('POST', `/v1/prepaid/vends/${sold.id}/reverse`, second.cashier, {
      reason: 'x',
    });
    expect(reversal.statusCode).toBe(404);
    expect((await call('GET', `/v1/prepaid/agents/${first.agent.id}`, second.cashier)).statusCode).toBe(404);
    const listed = await call('GET', '/v1/prepaid/agents', second.cashier);
    expect(listed.json<{ items: AgentJson[] }>().items.map((item) => item.id)).toEqual([second.agent.id]);
  });

  it('stops a deactivated cashier selling', async () => {
    const { agent, keyId, cashier } = await setUpAgent('5000');
    await call('PUT', `/v1/prepaid/agents/${agent.id}/cashiers`, admin, {
      actorKind: 'api-key',
      actorId: keyId,
      active: false,
    });
    const meter = await insertPrepaidMeter(database().db, company);
    const refused = await vend(cashier, meter.pan, '1000');
    expect(refused.statusCode).toBe(422);
    expect(refused.json<Problem>().code).toBe('PREPAYMENT.CASHIER_INACTIVE');
  });

  it('takes a repeated deposit once', async () => {
    const { agent } = await setUpAgent('0');
    const first = await deposit(agent.id, '700', 'bank-123');
    expect(first.statusCode).toBe(201);
    const again = await deposit(agent.id, '700', 'bank-123');
    expect(again.statusCode).toBe(200);
    expect(again.json<{ replayed: boolean }>().replayed).toBe(true);
    expect(await floatOf(agent.id)).toBe('700');
    const reused = await call('POST', `/v1/prepaid/agents/${agent.id}/float-deposits`, admin, {
      amountMinor: '900',
      currency: 'ZAR',
      reference: 'bank-123',
    });
    expect(reused.statusCode).toBe(409);
    expect(reused.json<Problem>().code).toBe('PREPAYMENT.DEPOSIT_REFERENCE_REUSED');
  });

  it('rejects bad agent input naming the field', async () => {
    const response = await call('POST', '/v1/prepaid/agents', admin, { code: 'Bad Code', name: '' });
    expect(response.statusCode).toBe(400);
    const paths = response.json<Problem>().errors?.map((error) => error.path);
    expect(paths).toEqual(['code', 'name']);
  });

  it('reconciles the day by cashier', async () => {
    const { agent, keyId, outletId, cashier } = await setUpAgent('10000', {
      method: 'percent',
      percent: '1',
    });
    const meter = await insertPrepaidMeter(database().db, company);
    const first = (await vend(cashier, meter.pan, '2000')).json<VendJson>();
    await vend(cashier, meter.pan, '3000');
    await call('POST', `/v1/prepaid/vends/${first.id}/reverse`, cashier, {
      reason: 'customer changed mind',
    });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Johannesburg' }).format(new Date());
    const response = await call(
      'GET',
      `/v1/prepaid/agents/${agent.id}/reconciliation?date=${today}`,
      cashier,
    );
    expect(response.statusCode, response.body).toBe(200);
    const day = response.json<ReconciliationJson>();
    expect(day.openingFloatMinor).toBe('0');
    expect(day.depositsMinor).toBe('10000');
    expect(day.vendsMinor).toBe('5000');
    expect(day.commissionMinor).toBe('50');
    expect(day.reversalsMinor).toBe('1980');
    expect(day.closingFloatMinor).toBe('7030');
    expect(day.closingFloatMinor).toBe(await floatOf(agent.id));
    expect(day.cashiers).toEqual([
      {
        actorKind: 'api-key',
        actorId: keyId,
        outletId,
        vendCount: 1,
        tenderedMinor: '3000',
        commissionMinor: '30',
        reversedCount: 1,
        reversedMinor: '2000',
      },
    ]);
  });

  const signedInUser = (kind: 'agent' | 'staff') =>
    signInNewUser(app, database().db, company, { kind, roles: kind === 'staff' ? ['cashier'] : [] });

  it('sells through an agent user once assigned', async () => {
    const { agent, outletId } = await setUpAgent('5000');
    const cashier = await signedInUser('agent');
    const meter = await insertPrepaidMeter(database().db, company);
    const sell = () =>
      app.inject({
        method: 'POST',
        url: '/v1/prepaid/vends',
        headers: { ...cashier.headers, 'idempotency-key': `agent-user-${++reference}` },
        payload: { pan: meter.pan, amountMinor: '1000', currency: 'ZAR' },
      });
    const unassigned = await sell();
    expect(unassigned.statusCode).toBe(422);
    expect(unassigned.json<Problem>().code).toBe('PREPAYMENT.AGENT_LOGIN_UNASSIGNED');

    const assigned = await call('PUT', `/v1/prepaid/agents/${agent.id}/cashiers`, admin, {
      actorKind: 'user',
      actorId: cashier.id,
      outletId,
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const sold = await sell();
    expect(sold.statusCode, sold.body).toBe(201);
    expect(sold.json<VendJson>().agentId).toBe(agent.id);
    expect(await floatOf(agent.id)).toBe('4000');
    const staffRoute = await app.inject({ method: 'GET', url: '/v1/customers', headers: cashier.headers });
    expect(staffRoute.statusCode).toBe(403);
  });

  it('assigns only agent users as cashiers', async () => {
    const { agent } = await setUpAgent('0');
    const staff = await signedInUser('staff');
    const response = await call('PUT', `/v1/prepaid/agents/${agent.id}/cashiers`, admin, {
      actorKind: 'user',
      actorId: staff.id,
    });
    expect(response.statusCode).toBe(422);
    expect(response.json<Problem>().code).toBe('PREPAYMENT.CASHIER_NOT_AGENT_USER');
  });

  it("keeps each agent's keys and references apart", async () => {
    const first = await setUpAgent('5000');
    const second = await setUpAgent('5000');
    const meter = await insertPrepaidMeter(database().db, company);
    const sellWith = (cashier: { authorization: string }, headers: Record<string, string>, body: object) =>
      app.inject({
        method: 'POST',
        url: '/v1/prepaid/vends',
        headers: { ...cashier, ...headers },
        payload: { pan: meter.pan, amountMinor: '1000', currency: 'ZAR', ...body },
      });
    const key = `shared-key-${company.companyId}`;
    const byFirst = await sellWith(first.cashier, { 'idempotency-key': key }, {});
    const bySecond = await sellWith(second.cashier, { 'idempotency-key': key }, {});
    expect([byFirst.statusCode, bySecond.statusCode]).toEqual([201, 201]);
    expect(bySecond.json<VendJson>().agentId).toBe(second.agent.id);
    expect(bySecond.json<VendJson>().id).not.toBe(byFirst.json<VendJson>().id);

    const secondReference = await sellWith(second.cashier, {}, { transactionReference: '1001' });
    const firstReference = await sellWith(first.cashier, {}, { transactionReference: '1001' });
    expect([secondReference.statusCode, firstReference.statusCode]).toEqual([201, 201]);
    const retried = await sellWith(first.cashier, {}, { transactionReference: '1001' });
    expect(retried.statusCode).toBe(200);
    expect(retried.json<VendJson>().id).toBe(firstReference.json<VendJson>().id);
  });
});
