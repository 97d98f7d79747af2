import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { createTestApiKey } from '../support/factories/api-key.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import {
  insertPrepaidMeter,
  simulateMeter,
  testKeyRevision2,
  testTokenIssuer,
} from '../support/factories/prepaid.js';
import { describeEachDatabase } from '../support/test-database.js';

type VendJson = {
  id: string;
  tokens: { purpose: string; token: string; tid: number | null; tokenType: string }[];
};
type CampaignJson = { id: string; notStarted: number; issued: number; confirmed: number };
type MeterJson = { key: { krn: number }; pendingKey: { krn: number } | null };

describeEachDatabase('key change campaigns', (database) => {
  let app: HttpApp;
  let company: CompanyFixture;
  let auth: { authorization: string };
  let key = 0;

  beforeAll(async () => {
    ({ app } = await buildTestHttpApp(database(), { tokenIssuer: testTokenIssuer() }));
    company = await insertCompany(database().db, { currency: 'ZAR', timeZone: 'Africa/Johannesburg' });
    auth = {
      authorization: `Bearer ${(await createTestApiKey(database().db, company.companyId, ['*'])).token}`,
    };
  });
  afterAll(async () => {
    await app.close();
  });

  const call = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });

  async function vend(pan: string): Promise<VendJson> {
    const response: LightMyRequestResponse = await app.inject({
      method: 'POST',
      url: '/v1/prepaid/vends',
      headers: { ...auth, 'idempotency-key': `key-change-${++key}-${company.companyId.slice(0, 8)}` },
      payload: { pan, amountMinor: '1000', currency: 'ZAR' },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<VendJson>();
  }

  async function startCampaign(meterIds: string[]): Promise<CampaignJson> {
    const response = await call('POST', '/v1/prepaid/key-change-campaigns', {
      name: 'Key revision 2',
      newKey: testKeyRevision2,
      meterIds,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<CampaignJson>();
  }

  it('hands the key change out before the credit', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const meter = simulateMeter(fixture.pan);
    const before = await vend(fixture.pan);
    expect(meter.enterToken(before.tokens[0]!.token).kind).toBe('accepted');

    const campaign = await startCampaign([fixture.meterId]);
    expect([campaign.notStarted, campaign.issued, campaign.confirmed]).toEqual([1, 0, 0]);
    const sold = await vend(fixture.pan);
    expect(sold.tokens.map((token) => token.purpose)).toEqual(['key-change', 'key-change', 'credit']);
    expect(sold.tokens[0]!.tid).toBeNull();
    expect(sold.tokens[2]!.tid).toBeGreaterThan(before.tokens[0]!.tid!);
    for (const token of sold.tokens) expect(meter.enterToken(token.token).kind).toBe('accepted');

    const stored = (await call('GET', `/v1/prepaid/meters/${fixture.meterId}`)).json<MeterJson>();
    expect(stored.key.krn).toBe(2);
    expect(stored.pendingKey).toBeNull();
    const issued = (
      await call('GET', `/v1/prepaid/key-change-campaigns/${campaign.id}`)
    ).json<CampaignJson>();
    expect([issued.notStarted, issued.issued, issued.confirmed]).toEqual([0, 1, 0]);

    expect((await call('POST', `/v1/prepaid/vends/${sold.id}/confirm`)).statusCode).toBe(200);
    const confirmed = (
      await call('GET', `/v1/prepaid/key-change-campaigns/${campaign.id}`)
    ).json<CampaignJson>();
    expect([confirmed.notStarted, confirmed.issued, confirmed.confirmed]).toEqual([0, 0, 1]);

    const next = await vend(fixture.pan);
    expect(next.tokens.map((token) => token.purpose)).toEqual(['credit']);
    expect(meter.enterToken(next.tokens[0]!.token).kind).toBe('accepted');
  });

  it('restores the old key when the vend is reversed', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const campaign = await startCampaign([fixture.meterId]);
    const sold = await vend(fixture.pan);
    const reversed = await call('POST', `/v1/prepaid/vends/${sold.id}/reverse`, { reason: 'printer jammed' });
    expect(reversed.statusCode, reversed.body).toBe(200);

    const stored = (await call('GET', `/v1/prepaid/meters/${fixture.meterId}`)).json<MeterJson>();
    expect(stored.key.krn).toBe(1);
    expect(stored.pendingKey?.krn).toBe(2);
    const progress = (
      await call('GET', `/v1/prepaid/key-change-campaigns/${campaign.id}`)
    ).json<CampaignJson>();
    expect(progress.notStarted).toBe(1);

    const again = await vend(fixture.pan);
    const meter = simulateMeter(fixture.pan);
    for (const token of again.tokens) expect(meter.enterToken(token.token).kind).toBe('accepted');
  });

  it('refuses to reverse a key change a later vend relies on', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    await startCampaign([fixture.meterId]);
    const changed = await vend(fixture.pan);
    await vend(fixture.pan);
    const refused = await call('POST', `/v1/prepaid/vends/${changed.id}/reverse`, { reason: 'late' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ code: string }>().code).toBe('PREPAYMENT.KEY_CHANGE_IN_USE');
  });

  it('leaves out meters with the key or a pending one', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    await startCampaign([fixture.meterId]);
    const second = await startCampaign([fixture.meterId]);
    expect([second.notStarted, second.issued, second.confirmed]).toEqual([0, 0, 0]);
    const invalid = await call('POST', '/v1/prepaid/key-change-campaigns', {
      name: 'Both',
      newKey: testKeyRevision2,
      meterIds: [fixture.meterId],
      sgc: '123456',
    });
    expect(invalid.statusCode).toBe(400);
  });

  it('rejects a campaign no sale could carry', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const start = (payload: Record<string, unknown>) =>
      call('POST', '/v1/prepaid/key-change-campaigns', { name: 'Bad', newKey: testKeyRevision2, ...payload });
    const unknown = await start({ meterIds: [fixture.agreementId] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json<{ code: string }>().code).toBe('PREPAYMENT.KEY_CHANGE_METERS_NOT_FOUND');
    const future = await start({
      meterIds: [fixture.meterId],
      newKey: { ...testKeyRevision2, baseDate: '2035-01-01' },
    });
    expect(future.statusCode).toBe(422);
    expect(future.json<{ code: string }>().code).toBe('PREPAYMENT.BASE_DATE_IN_FUTURE');
    const noVendingKey = await start({
      meterIds: [fixture.meterId],
      newKey: { ...testKeyRevision2, krn: 3 },
    });
    expect(noVendingKey.statusCode).toBe(422);
    expect(noVendingKey.json<{ code: string }>().code).toBe('PREPAYMENT.KEY_CHANGE_NOT_ISSUABLE');
    const stored = (await call('GET', `/v1/prepaid/meters/${fixture.meterId}`)).json<MeterJson>();
    expect(stored.pendingKey).toBeNull();
  });
});
