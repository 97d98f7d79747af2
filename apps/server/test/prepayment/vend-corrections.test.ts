import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import type { CompanyFixture } from '../support/factories/company.js';
import { insertPrepaidMeter, testKeyRevision2 } from '../support/factories/prepaid.js';
import { setUpPrepaidApp } from '../support/factories/prepaid-app.js';
import { signInNewUser, type SignedInUser } from '../support/signed-in-user.js';
import { describeEachDatabase } from '../support/test-database.js';

type VendJson = {
  id: string;
  status: string;
  releasedAt: string | null;
  reversedAt: string | null;
  reversalReason: string | null;
  correction: { reasonCode: string; correctedBy: string } | null;
  lines: { block: { number: number } | null }[];
};
type Problem = { code: string; detail: string; errors?: { path: string; message: string }[] };
type Headers = Record<string, string>;

describeEachDatabase('vend corrections', (database) => {
  let app: HttpApp;
  let company: CompanyFixture;
  let apiKey: Headers;
  let supervisor: SignedInUser;
  let key = 0;

  beforeAll(async () => {
    ({ app, company, auth: apiKey } = await setUpPrepaidApp(database()));
    supervisor = await signInNewUser(app, database().db, company, {
      kind: 'staff',
      roles: ['administrator'],
    });
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (url: string, headers: Headers, payload?: Record<string, unknown>) =>
    app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });

  const correct = (vendId: string, payload: Record<string, unknown>, headers: Headers = supervisor.headers) =>
    post(`/v1/prepaid/vends/${vendId}/corrections`, headers, payload);

  const wrongMeter = { reasonCode: 'wrong-meter', reason: 'Sold to 0123 instead of 0132, customer called' };

  async function vend(pan: string, amountMinor = '600'): Promise<VendJson> {
    const response: LightMyRequestResponse = await post(
      '/v1/prepaid/vends',
      {
        ...apiKey,
        'idempotency-key': `correction-${++key}-${company.companyId.slice(0, 8)}`,
      },
      { pan, amountMinor, currency: 'ZAR' },
    );
    expect(response.statusCode, response.body).toBe(201);
    return response.json<VendJson>();
  }

  async function releasedVend(pan: string): Promise<VendJson> {
    const sold = await vend(pan);
    const confirmed = await post(`/v1/prepaid/vends/${sold.id}/confirm`, apiKey);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    return confirmed.json<VendJson>();
  }

  async function postingTotals(vendId: string) {
    return database()
      .db.selectFrom('ledger.posting as posting')
      .innerJoin('ledger.posting_line as line', (join) =>
        join.onRef('line.company_id', '=', 'posting.company_id').onRef('line.posting_id', '=', 'posting.id'),
      )
      .select([
        'posting.kind',
        sql<string>`sum(line.amount_minor)::text`.as('total'),
        sql<string>`sum(abs(line.amount_minor))::text`.as('size'),
      ])
      .where('posting.company_id', '=', company.companyId)
      .where('posting.source_id', '=', vendId)
      .groupBy('posting.kind')
      .orderBy('posting.kind')
      .execute();
  }

  it('corrects a released vend', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const released = await releasedVend(fixture.pan);
    expect(released.status).toBe('released');

    const response = await correct(released.id, wrongMeter);
    expect(response.statusCode, response.body).toBe(200);
    const corrected = response.json<VendJson>();
    expect(corrected.status).toBe('reversed');
    expect(corrected.releasedAt).toBe(released.releasedAt);
    expect(corrected.reversedAt).not.toBeNull();
    expect(corrected.reversalReason).toBe(wrongMeter.reason);
    expect(corrected.correction).toEqual({ reasonCode: 'wrong-meter', correctedBy: supervisor.id });

    expect(await postingTotals(released.id)).toEqual([
      { kind: 'vend', total: '0', size: '1200' },
      { kind: 'vend-reversal', total: '0', size: '1200' },
    ]);
    const audit = await database()
      .db.selectFrom('platform.audit_event')
      .select(['action', 'actor_kind', 'actor_id', 'changes'])
      .where('company_id', '=', company.companyId)
      .where('entity_id', '=', released.id)
      .where(sql<boolean>`changes ? 'correction_reason_code'`)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({
      action: 'update',
      actor_kind: 'user',
      actor_id: supervisor.id,
      changes: {
        status: ['released', 'reversed'],
        correction_reason_code: [null, 'wrong-meter'],
        reversal_reason: [null, wrongMeter.reason],
        corrected_by: [null, supervisor.id],
      },
    });
    const event = await database()
      .db.selectFrom('platform.outbox_event')
      .select('payload')
      .where('aggregate_id', '=', released.id)
      .where('event_type', '=', 'prepaid-vend.corrected')
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({
      vendId: released.id,
      previousStatus: 'released',
      reasonCode: 'wrong-meter',
      correctedBy: supervisor.id,
    });

    // The corrected purchase no longer counts in the month: the next one starts in block 1 again.
    const meter = await database()
      .db.selectFrom('prepayment.prepaid_meter')
      .select('month_to_date')
      .where('company_id', '=', company.companyId)
      .where('meter_id', '=', fixture.meterId)
      .executeTakeFirstOrThrow();
    expect(meter.month_to_date).toBeNull();
    const next = await vend(fixture.pan, '300');
    expect(next.lines[0]?.block?.number).toBe(1);
  });

  it('corrects an issued vend', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const sold = await vend(fixture.pan);
    const response = await correct(sold.id, {
      reasonCode: 'token-not-delivered',
      reason: 'SMS never arrived',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<VendJson>().releasedAt).toBeNull();
    const confirmed = await post(`/v1/prepaid/vends/${sold.id}/confirm`, apiKey);
    expect(confirmed.statusCode).toBe(409);
    expect(confirmed.json<Problem>().code).toBe('PREPAYMENT.VEND_REVERSED');
  });

  it('replays a repeated correction', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const released = await releasedVend(fixture.pan);
    expect((await correct(released.id, wrongMeter)).statusCode).toBe(200);

    const again = await correct(released.id, { reasonCode: 'other', reason: 'clicked twice' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json<VendJson>().correction?.reasonCode).toBe('wrong-meter');
    const reversed = await post(`/v1/prepaid/vends/${released.id}/reverse`, apiKey, { reason: 'late' });
    expect(reversed.statusCode).toBe(200);
    expect(reversed.headers['idempotent-replayed']).toBe('true');
    expect(await postingTotals(released.id)).toEqual([
      { kind: 'vend', total: '0', size: '1200' },
      { kind: 'vend-reversal', total: '0', size: '1200' },
    ]);
  });

  it('replays a correction of a reversed vend', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const sold = await vend(fixture.pan);
    expect((await post(`/v1/prepaid/vends/${sold.id}/reverse`, apiKey, { reason: 'jam' })).statusCode).toBe(
      200,
    );
    const corrected = await correct(sold.id, wrongMeter);
    expect(corrected.statusCode).toBe(200);
    expect(corrected.headers['idempotent-replayed']).toBe('true');
    expect(corrected.json<VendJson>().correction).toBeNull();
  });

  it('rejects principals without the permission', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const released = await releasedVend(fixture.pan);
    const cashier = await signInNewUser(app, database().db, company, { kind: 'staff', roles: ['cashier'] });
    const byCashier = await correct(released.id, wrongMeter, cashier.headers);
    expect(byCashier.statusCode).toBe(403);
    expect(byCashier.json<Problem>().code).toBe('AUTH.PERMISSION_MISSING');

    const agent = await signInNewUser(app, database().db, company, { kind: 'agent' });
    const byAgent = await correct(released.id, wrongMeter, agent.headers);
    expect(byAgent.statusCode).toBe(403);
    expect(byAgent.json<Problem>().code).toBe('AUTH.WRONG_PRINCIPAL_KIND');

    // Even a key with every permission: the audit trail must name a person.
    const byKey = await correct(released.id, wrongMeter, apiKey);
    expect(byKey.statusCode).toBe(403);
    expect(byKey.json<Problem>().code).toBe('PREPAYMENT.CORRECTION_NEEDS_USER');

    const stored = await app.inject({
      method: 'GET',
      url: `/v1/prepaid/vends/${released.id}`,
      headers: apiKey,
    });
    expect(stored.json<VendJson>().status).toBe('released');
  });

  it('rejects bad input naming the field', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const released = await releasedVend(fixture.pan);
    const cases: [Record<string, unknown>, string][] = [
      [{ reasonCode: 'mistake', reason: 'x' }, 'reasonCode'],
      [{ reason: 'x' }, 'reasonCode'],
      [{ reasonCode: 'other', reason: '   ' }, 'reason'],
      [{ reasonCode: 'other' }, 'reason'],
    ];
    for (const [payload, field] of cases) {
      const response = await correct(released.id, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json<Problem>().errors?.map((error) => error.path)).toEqual([field]);
    }
    const unknownCode = await correct(released.id, { reasonCode: 'mistake', reason: 'x' });
    expect(unknownCode.json<Problem>().errors?.[0]?.message).toContain('wrong-meter');
  });

  it('rejects a released key change vend', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const campaign = await post('/v1/prepaid/key-change-campaigns', apiKey, {
      name: 'Key revision 2',
      newKey: testKeyRevision2,
      meterIds: [fixture.meterId],
    });
    expect(campaign.statusCode, campaign.body).toBe(201);
    const released = await releasedVend(fixture.pan);

    const rejected = await correct(released.id, wrongMeter);
    expect(rejected.statusCode).toBe(409);
    expect(rejected.json<Problem>().code).toBe('PREPAYMENT.KEY_CHANGE_RELEASED');
    expect(rejected.json<Problem>().detail).toContain('reprint');
    expect(await postingTotals(released.id)).toEqual([{ kind: 'vend', total: '0', size: '1200' }]);
  });

  it('lets one of a correction and a reversal win', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    for (let round = 0; round < 3; round++) {
      const sold = await vend(fixture.pan);
      const [corrected, reversed, confirmed] = await Promise.all([
        correct(sold.id, wrongMeter),
        post(`/v1/prepaid/vends/${sold.id}/reverse`, apiKey, { reason: 'race' }),
        post(`/v1/prepaid/vends/${sold.id}/confirm`, apiKey),
      ]);
      expect(corrected.statusCode, corrected.body).toBe(200);
      const replays = [corrected, reversed].filter((r) => r.headers['idempotent-replayed'] === 'true');
      // The correction undoes the vend unless the reversal came first; the confirmation loses to either.
      expect(replays.length, `round ${round}`).toBe(reversed.statusCode === 200 ? 1 : 0);
      expect([200, 409]).toContain(confirmed.statusCode);
      expect(await postingTotals(sold.id)).toEqual([
        { kind: 'vend', total: '0', size: '1200' },
        { kind: 'vend-reversal', total: '0', size: '1200' },
      ]);
    }
  });
});
