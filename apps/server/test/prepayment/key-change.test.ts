import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import type { CompanyFixture } from '../support/factories/company.js';
import {
  aDrn,
  insertPrepaidAgreement,
  insertPrepaidMeter,
  simulateMeter,
  testKey,
  testKeyRevision2,
} from '../support/factories/prepaid.js';
import { setUpPrepaidApp } from '../support/factories/prepaid-app.js';
import { describeEachDatabase } from '../support/test-database.js';

type VendJson = {
  id: string;
  tokens: { purpose: string; token: string; tid: number | null; tokenType: string }[];
};
type CampaignJson = {
  id: string;
  status: string;
  cancelledAt: string | null;
  cancellationReason: string | null;
  notStarted: number;
  issued: number;
  confirmed: number;
  superseded: number;
  cancelled: number;
};
type CampaignMeterJson = {
  meterId: string;
  status: string;
  vendId: string | null;
  supersededBy: string | null;
  issuedAt: string | null;
  confirmedAt: string | null;
  supersededAt: string | null;
  cancelledAt: string | null;
};
type MeterJson = { key: { krn: number; ti: number }; pendingKey: { krn: number; ti: number } | null };

/** A key a second campaign moves to: key revision 2 under tariff index 2, which the test issuer can issue. */
const tariffIndex2 = { ...testKeyRevision2, ti: 2 };

describeEachDatabase('key change campaigns', (database) => {
  let app: HttpApp;
  let company: CompanyFixture;
  let auth: { authorization: string };
  let key = 0;

  beforeAll(async () => {
    ({ app, company, auth } = await setUpPrepaidApp(database()));
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

  async function startCampaign(meterIds: string[], newKey = testKeyRevision2): Promise<CampaignJson> {
    const response = await call('POST', '/v1/prepaid/key-change-campaigns', {
      name: 'Key revision 2',
      newKey,
      meterIds,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<CampaignJson>();
  }

  async function campaignOf(id: string): Promise<CampaignJson> {
    const response = await call('GET', `/v1/prepaid/key-change-campaigns/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<CampaignJson>();
  }

  const countsOf = (campaign: CampaignJson) => ({
    notStarted: campaign.notStarted,
    issued: campaign.issued,
    confirmed: campaign.confirmed,
    superseded: campaign.superseded,
    cancelled: campaign.cancelled,
  });

  async function meterIn(campaignId: string, meterId: string): Promise<CampaignMeterJson> {
    const response = await call('GET', `/v1/prepaid/key-change-campaigns/${campaignId}/meters?limit=500`);
    expect(response.statusCode, response.body).toBe(200);
    const found = response
      .json<{ items: CampaignMeterJson[] }>()
      .items.find((row) => row.meterId === meterId);
    if (found === undefined) throw new Error(`Meter ${meterId} is not in campaign ${campaignId}.`);
    return found;
  }

  async function storedMeter(meterId: string): Promise<MeterJson> {
    return (await call('GET', `/v1/prepaid/meters/${meterId}`)).json<MeterJson>();
  }

  const cancel = (campaignId: string, reason = 'Vending keys delayed') =>
    call('POST', `/v1/prepaid/key-change-campaigns/${campaignId}/cancel`, { reason });

  it('hands the key change out before the credit', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const meter = simulateMeter(fixture.pan);
    const before = await vend(fixture.pan);
    expect(meter.enterToken(before.tokens[0]!.token).kind).toBe('accepted');

    const campaign = await startCampaign([fixture.meterId]);
    expect(campaign.status).toBe('active');
    expect(countsOf(campaign)).toEqual({
      notStarted: 1,
      issued: 0,
      confirmed: 0,
      superseded: 0,
      cancelled: 0,
    });
    const sold = await vend(fixture.pan);
    expect(sold.tokens.map((token) => token.purpose)).toEqual(['key-change', 'key-change', 'credit']);
    expect(sold.tokens[0]!.tid).toBeNull();
    expect(sold.tokens[2]!.tid).toBeGreaterThan(before.tokens[0]!.tid!);
    for (const token of sold.tokens) expect(meter.enterToken(token.token).kind).toBe('accepted');
    // The sale's response and the vend read back carry the same tokens, down to the units' text.
    const readBack = await call('GET', `/v1/prepaid/vends/${sold.id}`);
    expect(readBack.json<typeof sold>().tokens).toEqual(sold.tokens);

    const stored = await storedMeter(fixture.meterId);
    expect(stored.key.krn).toBe(2);
    expect(stored.pendingKey).toBeNull();
    expect(countsOf(await campaignOf(campaign.id))).toMatchObject({ notStarted: 0, issued: 1, confirmed: 0 });
    const issued = await meterIn(campaign.id, fixture.meterId);
    expect(issued.status).toBe('issued');
    expect(issued.vendId).toBe(sold.id);
    expect(issued.issuedAt).not.toBeNull();

    expect((await call('POST', `/v1/prepaid/vends/${sold.id}/confirm`)).statusCode).toBe(200);
    expect(countsOf(await campaignOf(campaign.id))).toMatchObject({ notStarted: 0, issued: 0, confirmed: 1 });
    const confirmed = await meterIn(campaign.id, fixture.meterId);
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.vendId).toBe(sold.id);
    expect(confirmed.confirmedAt).not.toBeNull();

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

    const stored = await storedMeter(fixture.meterId);
    expect(stored.key.krn).toBe(1);
    expect(stored.pendingKey?.krn).toBe(2);
    expect(countsOf(await campaignOf(campaign.id))).toMatchObject({ notStarted: 1, issued: 0 });
    const returned = await meterIn(campaign.id, fixture.meterId);
    expect(returned.status).toBe('not-started');
    expect(returned.vendId).toBeNull();
    expect(returned.issuedAt).toBeNull();

    const again = await vend(fixture.pan);
    const meter = simulateMeter(fixture.pan);
    for (const token of again.tokens) expect(meter.enterToken(token.token).kind).toBe('accepted');
    expect((await meterIn(campaign.id, fixture.meterId)).vendId).toBe(again.id);
  });

  it('refuses to reverse a key change a later vend relies on', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const campaign = await startCampaign([fixture.meterId]);
    const changed = await vend(fixture.pan);
    await vend(fixture.pan);
    const refused = await call('POST', `/v1/prepaid/vends/${changed.id}/reverse`, { reason: 'late' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ code: string }>().code).toBe('PREPAYMENT.KEY_CHANGE_IN_USE');
    expect((await meterIn(campaign.id, fixture.meterId)).status).toBe('issued');
  });

  it('keeps counts across two campaigns', async () => {
    const waiting = await insertPrepaidMeter(database().db, company);
    const changed = await insertPrepaidMeter(database().db, company);
    const first = await startCampaign([waiting.meterId, changed.meterId]);
    const sold = await vend(changed.pan);

    const second = await startCampaign([waiting.meterId, changed.meterId], tariffIndex2);
    expect(countsOf(second)).toEqual({ notStarted: 2, issued: 0, confirmed: 0, superseded: 0, cancelled: 0 });
    expect(countsOf(await campaignOf(first.id))).toEqual({
      notStarted: 0,
      issued: 1,
      confirmed: 0,
      superseded: 1,
      cancelled: 0,
    });
    const superseded = await meterIn(first.id, waiting.meterId);
    expect(superseded.status).toBe('superseded');
    expect(superseded.supersededBy).toBe(second.id);
    expect(superseded.supersededAt).not.toBeNull();
    expect((await storedMeter(waiting.meterId)).pendingKey).toMatchObject({ krn: 2, ti: 2 });

    // The first campaign's vend is confirmed after its meter joined the second campaign.
    expect((await call('POST', `/v1/prepaid/vends/${sold.id}/confirm`)).statusCode).toBe(200);
    expect(countsOf(await campaignOf(first.id))).toMatchObject({ issued: 0, confirmed: 1, superseded: 1 });
    expect(countsOf(await campaignOf(second.id))).toMatchObject({ notStarted: 2, confirmed: 0 });

    const meter = simulateMeter(waiting.pan);
    const moved = await vend(waiting.pan);
    for (const token of moved.tokens) expect(meter.enterToken(token.token).kind).toBe('accepted');
    expect((await storedMeter(waiting.meterId)).key).toMatchObject({ krn: 2, ti: 2 });
    expect(countsOf(await campaignOf(second.id))).toMatchObject({ notStarted: 1, issued: 1 });
    expect(countsOf(await campaignOf(first.id))).toMatchObject({ notStarted: 0, issued: 0, superseded: 1 });
  });

  it('supersedes on reversal after a later campaign', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const first = await startCampaign([fixture.meterId]);
    const sold = await vend(fixture.pan);
    const second = await startCampaign([fixture.meterId], tariffIndex2);

    const reversed = await call('POST', `/v1/prepaid/vends/${sold.id}/reverse`, { reason: 'wrong meter' });
    expect(reversed.statusCode, reversed.body).toBe(200);
    const stored = await storedMeter(fixture.meterId);
    expect(stored.key).toMatchObject({ krn: 1, ti: 1 });
    expect(stored.pendingKey).toMatchObject({ krn: 2, ti: 2 });
    const row = await meterIn(first.id, fixture.meterId);
    expect(row.status).toBe('superseded');
    expect(row.supersededBy).toBe(second.id);
    expect(row.vendId).toBeNull();
    expect((await meterIn(second.id, fixture.meterId)).status).toBe('not-started');

    // The second campaign's key change now starts from the restored key.
    const meter = simulateMeter(fixture.pan);
    const next = await vend(fixture.pan);
    expect(next.tokens.map((token) => token.purpose)).toEqual(['key-change', 'key-change', 'credit']);
    for (const token of next.tokens) expect(meter.enterToken(token.token).kind).toBe('accepted');
    expect((await meterIn(second.id, fixture.meterId)).status).toBe('issued');
  });

  it('leaves out meters it cannot move', async () => {
    const current = await insertPrepaidMeter(database().db, company);
    await startCampaign([current.meterId]);
    await vend(current.pan);
    const account = await insertPrepaidAgreement(database().db, company);
    const registered = await call('POST', '/v1/prepaid/meters', {
      meterId: account.meterId,
      iin: '600727',
      drn: aDrn(),
      key: testKey,
      pendingKey: testKeyRevision2,
    });
    expect(registered.statusCode, registered.body).toBe(201);

    const second = await startCampaign([current.meterId, account.meterId]);
    expect(countsOf(second)).toEqual({ notStarted: 0, issued: 0, confirmed: 0, superseded: 0, cancelled: 0 });
    const listed = await call('GET', `/v1/prepaid/key-change-campaigns/${second.id}/meters`);
    expect(listed.json<{ total: number }>().total).toBe(0);
    const invalid = await call('POST', '/v1/prepaid/key-change-campaigns', {
      name: 'Both',
      newKey: testKeyRevision2,
      meterIds: [current.meterId],
      sgc: '123456',
    });
    expect(invalid.statusCode).toBe(400);
  });

  it('cancels meters whose tokens are not out', async () => {
    const waiting = await insertPrepaidMeter(database().db, company);
    const issued = await insertPrepaidMeter(database().db, company);
    const confirmed = await insertPrepaidMeter(database().db, company);
    const campaign = await startCampaign([waiting.meterId, issued.meterId, confirmed.meterId]);
    const issuedVend = await vend(issued.pan);
    const confirmedVend = await vend(confirmed.pan);
    expect((await call('POST', `/v1/prepaid/vends/${confirmedVend.id}/confirm`)).statusCode).toBe(200);

    const cancelled = await cancel(campaign.id);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const body = cancelled.json<CampaignJson>();
    expect(body.status).toBe('cancelled');
    expect(body.cancellationReason).toBe('Vending keys delayed');
    expect(body.cancelledAt).not.toBeNull();
    expect(countsOf(body)).toEqual({ notStarted: 0, issued: 1, confirmed: 1, superseded: 0, cancelled: 1 });
    expect((await meterIn(campaign.id, waiting.meterId)).cancelledAt).not.toBeNull();
    expect(await meterIn(campaign.id, issued.meterId)).toMatchObject({
      status: 'issued',
      vendId: issuedVend.id,
    });
    expect((await storedMeter(waiting.meterId)).pendingKey).toBeNull();
    expect((await storedMeter(issued.meterId)).key.krn).toBe(2);
    expect((await storedMeter(confirmed.meterId)).key.krn).toBe(2);

    const next = await vend(waiting.pan);
    expect(next.tokens.map((token) => token.purpose)).toEqual(['credit']);
    expect(simulateMeter(waiting.pan).enterToken(next.tokens[0]!.token).kind).toBe('accepted');

    const audit = await database()
      .db.selectFrom('platform.audit_event')
      .select(['action', 'changes'])
      .where('company_id', '=', company.companyId)
      .where('entity_type', '=', 'key-change-campaign')
      .where('entity_id', '=', campaign.id)
      .where('action', '=', 'update')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toEqual({
      status: ['active', 'cancelled'],
      cancellation_reason: [null, 'Vending keys delayed'],
      cancelled_meters: [null, 1],
    });
  });

  it('rejects cancelling a cancelled campaign', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const campaign = await startCampaign([fixture.meterId]);
    expect((await cancel(campaign.id)).statusCode).toBe(200);

    const again = await cancel(campaign.id, 'Twice');
    expect(again.statusCode).toBe(409);
    const problem = again.json<{ code: string; detail: string }>();
    expect(problem.code).toBe('PREPAYMENT.KEY_CHANGE_CAMPAIGN_CANCELLED');
    expect(problem.detail).toContain(campaign.id);
    expect(problem.detail).toContain('Vending keys delayed');
    expect((await campaignOf(campaign.id)).cancellationReason).toBe('Vending keys delayed');

    const missingReason = await call('POST', `/v1/prepaid/key-change-campaigns/${campaign.id}/cancel`, {});
    expect(missingReason.statusCode).toBe(400);
    const unknown = await cancel(fixture.agreementId);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ code: string }>().code).toBe('PREPAYMENT.KEY_CHANGE_CAMPAIGN_NOT_FOUND');
  });

  it('cancels a meter reversed after cancellation', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const campaign = await startCampaign([fixture.meterId]);
    const sold = await vend(fixture.pan);
    expect((await cancel(campaign.id)).statusCode).toBe(200);
    expect((await meterIn(campaign.id, fixture.meterId)).status).toBe('issued');

    const reversed = await call('POST', `/v1/prepaid/vends/${sold.id}/reverse`, { reason: 'not collected' });
    expect(reversed.statusCode, reversed.body).toBe(200);
    const stored = await storedMeter(fixture.meterId);
    expect(stored.key.krn).toBe(1);
    expect(stored.pendingKey).toBeNull();
    const row = await meterIn(campaign.id, fixture.meterId);
    expect(row.status).toBe('cancelled');
    expect(row.vendId).toBeNull();
    expect(countsOf(await campaignOf(campaign.id))).toMatchObject({ issued: 0, cancelled: 1 });
  });

  it('lists the meters by page and status', async () => {
    const fixtures = [];
    for (let index = 0; index < 3; index++) fixtures.push(await insertPrepaidMeter(database().db, company));
    const campaign = await startCampaign(fixtures.map((fixture) => fixture.meterId));
    const sold = await vend(fixtures[1]!.pan);
    const byPan = [...fixtures].sort((a, b) => (a.pan < b.pan ? -1 : 1)).map((fixture) => fixture.meterId);

    const url = `/v1/prepaid/key-change-campaigns/${campaign.id}/meters`;
    const first = (await call('GET', `${url}?limit=2`)).json<{ items: CampaignMeterJson[]; total: number }>();
    const second = (await call('GET', `${url}?limit=2&offset=2`)).json<{ items: CampaignMeterJson[] }>();
    expect(first.total).toBe(3);
    expect([...first.items, ...second.items].map((row) => row.meterId)).toEqual(byPan);

    const issued = (await call('GET', `${url}?status=issued`)).json<{
      items: CampaignMeterJson[];
      total: number;
    }>();
    expect(issued.total).toBe(1);
    expect(issued.items.map((row) => [row.meterId, row.vendId])).toEqual([[fixtures[1]!.meterId, sold.id]]);
    const notStarted = (await call('GET', `${url}?status=not-started`)).json<{ total: number }>();
    expect(notStarted.total).toBe(2);

    const badStatus = await call('GET', `${url}?status=done`);
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.body).toContain('status');
    const missing = await call('GET', `/v1/prepaid/key-change-campaigns/${fixtures[0]!.agreementId}/meters`);
    expect(missing.statusCode).toBe(404);
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
