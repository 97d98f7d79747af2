import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { createTestApiKey } from '../support/factories/api-key.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { insertPrepaidMeter, simulateMeter, testTokenIssuer } from '../support/factories/prepaid.js';
import { describeEachDatabase } from '../support/test-database.js';

type TokenJson = { id: string; token: string; tokenGroups: string; tid: number | null; tokenType: string };

describeEachDatabase('engineering tokens', (database) => {
  let app: HttpApp;
  let company: CompanyFixture;
  let engineer: { authorization: string };
  let seller: { authorization: string };

  beforeAll(async () => {
    ({ app } = await buildTestHttpApp(database(), { tokenIssuer: testTokenIssuer() }));
    company = await insertCompany(database().db, { currency: 'ZAR', timeZone: 'Africa/Johannesburg' });
    const token = async (permissions: string[]) =>
      `Bearer ${(await createTestApiKey(database().db, company.companyId, permissions)).token}`;
    engineer = {
      authorization: await token(['engineering-tokens:write', 'vending:write', 'prepayment:read']),
    };
    seller = { authorization: await token(['vending:write', 'prepayment:write']) };
  });
  afterAll(async () => {
    await app.close();
  });

  const issue = (meterId: string, payload: Record<string, unknown>, headers = engineer) =>
    app.inject({ method: 'POST', url: `/v1/prepaid/meters/${meterId}/engineering-tokens`, headers, payload });

  it('issues tokens the meter accepts, after the last TID', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const sold = await app.inject({
      method: 'POST',
      url: '/v1/prepaid/vends',
      headers: { ...engineer, 'idempotency-key': `engineering-${company.companyId}` },
      payload: { pan: fixture.pan, amountMinor: '1000', currency: 'ZAR' },
    });
    const vendTid = sold.json<{ tokens: { tid: number }[] }>().tokens[0]!.tid;
    const meter = simulateMeter(fixture.pan);

    const tamper = await issue(fixture.meterId, {
      type: 'ClearTamperCondition',
      reason: 'Meter lid replaced',
    });
    expect(tamper.statusCode, tamper.body).toBe(201);
    const limit = await issue(fixture.meterId, {
      type: 'SetMaximumPowerLimit',
      watts: 5000,
      reason: 'Customer asked for a 5 kW limit',
    });
    const tokens = [tamper.json<TokenJson>(), limit.json<TokenJson>()];
    expect(tokens[0]!.tid).toBeGreaterThan(vendTid);
    expect(tokens[1]!.tid).toBeGreaterThan(tokens[0]!.tid!);
    for (const token of tokens) expect(meter.enterToken(token.token).kind).toBe('accepted');

    const test = await issue(fixture.meterId, {
      type: 'InitiateMeterTestOrDisplay',
      control: '1',
      manufacturerCode: 7,
      reason: 'Display check on site',
    });
    expect(test.statusCode, test.body).toBe(201);
    expect(test.json<TokenJson>().tid).toBeNull();
  });

  it('audits each token with its reason', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const issued = (
      await issue(fixture.meterId, { type: 'ClearCredit', register: 'all', reason: 'Meter moved' })
    ).json<TokenJson>();
    const audit = await database()
      .db.selectFrom('platform.audit_event')
      .select(['entity_type', 'changes'])
      .where('company_id', '=', company.companyId)
      .where('entity_id', '=', issued.id)
      .executeTakeFirstOrThrow();
    expect(audit.entity_type).toBe('engineering-token');
    expect(JSON.stringify(audit.changes)).toContain('Meter moved');
    expect(JSON.stringify(audit.changes)).not.toContain(issued.token);
  });

  it('refuses staff without the permission', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const refused = await issue(fixture.meterId, { type: 'ClearTamperCondition', reason: 'x' }, seller);
    expect(refused.statusCode).toBe(403);
  });

  it('rejects a missing reason naming the field', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const response = await issue(fixture.meterId, { type: 'SetMaximumPowerLimit', watts: -1 });
    expect(response.statusCode).toBe(400);
    const paths = response
      .json<{ errors: { path: string }[] }>()
      .errors.map((error) => error.path)
      .sort();
    expect(paths).toEqual(['reason', 'watts']);
  });
});
