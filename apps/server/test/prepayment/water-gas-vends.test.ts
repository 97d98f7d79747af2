import type { LightMyRequestResponse } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { vendUnits, type Vend } from '../../src/modules/prepayment/index.js';
import { sellVends, type VendItem } from '../../src/modules/prepayment/app/sell-vends.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { newId } from '../../src/platform/ids/new-id.js';
import type { CompanyFixture } from '../support/factories/company.js';
import { insertTariff } from '../support/factories/metered-account.js';
import {
  aDrn,
  gasEnergyTariff,
  incliningBlockTariff,
  insertPrepaidAgreement,
  insertPrepaidMeter,
  simulateMeter,
  testKey,
  testTokenIssuer,
  type PrepaidFixture,
} from '../support/factories/prepaid.js';
import { setUpPrepaidApp } from '../support/factories/prepaid-app.js';
import { describeEachDatabase } from '../support/test-database.js';

type LineJson = {
  kind: string;
  description: string;
  amountMinor: string;
  units: string | null;
  unitPrice: string | null;
  block: { number: number } | null;
};
type VendJson = {
  id: string;
  service: string;
  unit: string;
  units: string;
  freeUnits: string;
  lines: LineJson[];
  tokens: { token: string; tokenType: string; purpose: string; units: string }[];
};
type Problem = { code: string; detail: string; errors?: { path: string; message: string }[] };

describeEachDatabase('prepaid water and gas vends', (database) => {
  let app: HttpApp;
  let company: CompanyFixture;
  let auth: { authorization: string };

  beforeAll(async () => {
    ({ app, company, auth } = await setUpPrepaidApp(database()));
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (url: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, headers: { ...auth, ...headers }, payload });

  function vend(fixture: PrepaidFixture, amountMinor: string): Promise<LightMyRequestResponse> {
    return post(
      '/v1/prepaid/vends',
      { pan: fixture.pan, amountMinor, currency: 'ZAR' },
      { 'idempotency-key': `water-gas-${newId()}` },
    );
  }

  async function vendOk(fixture: PrepaidFixture, amountMinor: string): Promise<VendJson> {
    const response = await vend(fixture, amountMinor);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<VendJson>();
  }

  /** Sells at a given instant, past the HTTP layer, which always sells now. */
  async function sellAt(fixture: PrepaidFixture, amountMinor: bigint, at: string): Promise<Vend> {
    const sold = await vendUnits(
      database().forCompany(company.companyId),
      { ...systemContext(company.companyId, 'water-gas-test'), permissions: ['vending:write'] },
      testTokenIssuer(),
      { meter: { pan: fixture.pan }, amountMinor, currency: 'ZAR', idempotencyKey: `at-${newId()}` },
      { now: () => Temporal.Instant.from(at) },
    );
    return sold.vend;
  }

  async function ledgerLines(vendId: string): Promise<[string, string][]> {
    const lines = await database()
      .db.selectFrom('ledger.posting as posting')
      .innerJoin('ledger.posting_line as line', (join) =>
        join.onRef('line.company_id', '=', 'posting.company_id').onRef('line.posting_id', '=', 'posting.id'),
      )
      .select(['line.ledger_account', 'line.amount_minor'])
      .where('posting.company_id', '=', company.companyId)
      .where('posting.source_id', '=', vendId)
      .orderBy('line.line_number')
      .execute();
    return lines.map((line) => [line.ledger_account, line.amount_minor]);
  }

  it('registers a water meter for water credit', async () => {
    const account = await insertPrepaidAgreement(database().db, company, { service: 'water' });
    const registered = await post('/v1/prepaid/meters', {
      meterId: account.meterId,
      iin: '600727',
      drn: aDrn(),
      key: testKey,
    });
    expect(registered.statusCode, registered.body).toBe(201);
    expect(registered.json<{ service: string }>().service).toBe('water');

    const read = await app.inject({
      method: 'GET',
      url: `/v1/prepaid/meters/${account.meterId}`,
      headers: auth,
    });
    expect(read.json<{ service: string }>().service).toBe('water');
  });

  it('sells water that the meter credits in m3', async () => {
    const fixture = await insertPrepaidMeter(database().db, company, { service: 'water' });
    const sold = await vendOk(fixture, '10000');

    expect(sold).toMatchObject({ service: 'water', unit: 'm3', units: '7.6', freeUnits: '0.0' });
    // 6 kL at 12.00, then 28.00 buys 1.56 kL at 18.00, rounded up to the tenth a token carries.
    expect(
      sold.lines.map((line) => [line.block?.number, line.units, line.unitPrice, line.amountMinor]),
    ).toEqual([
      [1, '6.0', '12', '7200'],
      [2, '1.6', '18', '2800'],
    ]);
    expect(sold.lines[0]?.description).toBe(
      'Water, block 1 (0–6 m3, published as 12.00 per kL up to 6 kL a month; 1 kL = 1 m3)',
    );
    expect(sold.tokens.map((token) => [token.purpose, token.tokenType, token.units])).toEqual([
      ['credit', 'TransferWaterCredit', '7.6'],
    ]);

    const meter = simulateMeter(fixture.pan);
    const entered = meter.enterToken(sold.tokens[0]!.token);
    expect(entered).toMatchObject({
      kind: 'accepted',
      effect: 'credit-added',
      token: { tokenClass: 0, subclass: 1 },
    });
    expect(meter.state.credit.TransferWaterCredit).toBe(76n);
    expect(meter.state.credit.TransferElectricityCredit).toBe(0n);
    expect(await ledgerLines(sold.id)).toEqual([
      ['cash', '10000'],
      ['revenue:water', '-10000'],
    ]);
  });

  it('records the service and unit in the audit and the event', async () => {
    const fixture = await insertPrepaidMeter(database().db, company, { service: 'water' });
    const sold = await vendOk(fixture, '1200');
    const audit = await database()
      .db.selectFrom('platform.audit_event')
      .select('changes')
      .where('company_id', '=', company.companyId)
      .where('entity_id', '=', sold.id)
      .executeTakeFirstOrThrow();
    expect(audit.changes).toMatchObject({
      service: [null, 'water'],
      unit: [null, 'm3'],
      units: [null, '1.0'],
    });
    const event = await database()
      .db.selectFrom('platform.outbox_event')
      .select('payload')
      .where('company_id', '=', company.companyId)
      .where('aggregate_id', '=', sold.id)
      .where('event_type', '=', 'prepaid-vend.issued')
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ service: 'water', unit: 'm3', units: '1.0' });
  });

  it('sells gas priced per kWh in m3', async () => {
    const fixture = await insertPrepaidMeter(database().db, company, { service: 'gas' });
    const sold = await vendOk(fixture, '3000');

    // 10 m3 (100 kWh) at 2.00 a m3, then 10.00 buys 4 m3 at 2.50.
    expect(sold).toMatchObject({ service: 'gas', unit: 'm3', units: '14.0' });
    expect(
      sold.lines.map((line) => [line.block?.number, line.units, line.unitPrice, line.amountMinor]),
    ).toEqual([
      [1, '10.0', '2', '2000'],
      [2, '4.0', '2.5', '1000'],
    ]);
    expect(sold.lines[0]?.description).toBe(
      'Gas, block 1 (0–10 m3, published as 0.20 per kWh up to 100 kWh a month; 1 m3 = 10 kWh (volume correction factor 1 × calorific value 10 kWh/m3))',
    );
    const meter = simulateMeter(fixture.pan);
    expect(meter.enterToken(sold.tokens[0]!.token)).toMatchObject({
      kind: 'accepted',
      token: { tokenClass: 0, subclass: 2 },
    });
    expect(meter.state.credit.TransferGasCredit).toBe(140n);
    expect(await ledgerLines(sold.id)).toEqual([
      ['cash', '3000'],
      ['revenue:energy', '-3000'],
    ]);
  });

  it('quotes water in m3', async () => {
    const fixture = await insertPrepaidMeter(database().db, company, { service: 'water' });
    const quote = await post('/v1/prepaid/quotes', {
      pan: fixture.pan,
      amountMinor: '6000',
      currency: 'ZAR',
    });
    expect(quote.statusCode, quote.body).toBe(200);
    expect(quote.json<VendJson>()).toMatchObject({ service: 'water', unit: 'm3', units: '5.0' });
  });

  it('starts water blocks again each month and meter', async () => {
    const fixture = await insertPrepaidMeter(database().db, company, { service: 'water' });
    const other = await insertPrepaidMeter(database().db, company, { service: 'water' });
    const first = await sellAt(fixture, 10000n, '2026-03-10T08:00:00Z');
    const second = await sellAt(fixture, 5000n, '2026-03-20T08:00:00Z');
    const otherMeter = await sellAt(other, 1200n, '2026-03-21T08:00:00Z');
    // 22:30 UTC on 31 March is 00:30 on 1 April in Johannesburg, the company's time zone.
    const april = await sellAt(fixture, 1200n, '2026-03-31T22:30:00Z');

    const blocks = (sold: Vend) => sold.lines.map((line) => [line.block?.number, line.units]);
    expect(blocks(first)).toEqual([
      [1, '6.0'],
      [2, '1.6'],
    ]);
    // 7.6 m3 bought in March, so 50.00 buys 2.78 m3 of block 2, rounded up.
    expect(blocks(second)).toEqual([[2, '2.8']]);
    expect(blocks(otherMeter)).toEqual([[1, '1.0']]);
    expect(april.vendMonth).toBe('2026-04-01');
    expect(blocks(april)).toEqual([[1, '1.0']]);

    const meter = simulateMeter(fixture.pan);
    for (const sold of [first, second, april]) {
      expect(meter.enterToken(sold.tokens[0]!.token).kind).toBe('accepted');
    }
    expect(meter.state.credit.TransferWaterCredit).toBe(114n);
  });

  it('gives free basic water with water meters only', async () => {
    const fixture = await insertPrepaidMeter(database().db, company, { service: 'water' });
    const electricity = await post('/v1/prepaid/free-basic-allowances', {
      accountId: fixture.accountId,
      unitsPerMonth: '50',
      startOn: '2026-01-01',
    });
    expect(electricity.statusCode, electricity.body).toBe(201);
    expect(electricity.json()).toMatchObject({ service: 'electricity', unit: 'kWh', unitsPerMonth: '50.0' });
    const withoutWater = await vendOk(fixture, '1200');
    expect(withoutWater.freeUnits).toBe('0.0');

    const water = await post('/v1/prepaid/free-basic-allowances', {
      accountId: fixture.accountId,
      service: 'water',
      unitsPerMonth: '6',
      startOn: '2026-01-01',
    });
    expect(water.statusCode, water.body).toBe(201);
    expect(water.json()).toMatchObject({ service: 'water', unit: 'm3', unitsPerMonth: '6.0' });
    const overlap = await post('/v1/prepaid/free-basic-allowances', {
      accountId: fixture.accountId,
      service: 'water',
      unitsPerMonth: '10',
      startOn: '2026-02-01',
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json<Problem>()).toMatchObject({ code: 'PREPAYMENT.ALLOWANCE_OVERLAP' });
    expect(overlap.json<Problem>().detail).toContain('free basic water allowance');

    const withWater = await vendOk(fixture, '1200');
    expect(withWater.freeUnits).toBe('6.0');
    expect(withWater.tokens.map((token) => [token.purpose, token.tokenType, token.units])).toEqual([
      ['credit', 'TransferWaterCredit', '1.0'],
      ['free-units', 'TransferWaterCredit', '6.0'],
    ]);
    expect(withWater.lines.at(-1)).toMatchObject({
      kind: 'free-units',
      description: expect.stringMatching(/^Free basic water for \d{4}-\d{2}, 6\.0 m3$/) as unknown,
    });
    const meter = simulateMeter(fixture.pan);
    for (const token of [...withoutWater.tokens, ...withWater.tokens]) {
      expect(meter.enterToken(token.token)).toMatchObject({ kind: 'accepted', token: { subclass: 1 } });
    }
    expect(meter.state.credit.TransferWaterCredit).toBe(80n);

    // The month's free water is out; free units never count in the blocks.
    const later = await vendOk(fixture, '1200');
    expect(later.freeUnits).toBe('0.0');
    expect(later.lines.map((line) => line.block?.number)).toEqual([1]);
  });

  it('takes a levy of one service from that service only', async () => {
    const water = await insertPrepaidMeter(database().db, company, { service: 'water' });
    const electricity = await insertPrepaidMeter(database().db, company);
    const rules = await app.inject({
      method: 'PUT',
      url: '/v1/prepaid/deduction-rules',
      headers: auth,
      payload: {
        rules: [
          {
            code: 'sanitation',
            name: 'Sanitation levy',
            kind: 'levy',
            method: 'fixed',
            amountMinor: '150',
            service: 'water',
          },
        ],
      },
    });
    expect(rules.statusCode, rules.body).toBe(200);
    expect(rules.json<{ rules: { code: string; service: string | null }[] }>().rules).toEqual([
      expect.objectContaining({ code: 'sanitation', service: 'water' }),
    ]);
    try {
      const waterVend = await vendOk(water, '1350');
      expect(waterVend.lines.map((line) => [line.kind, line.amountMinor])).toEqual([
        ['levy', '150'],
        ['energy', '1200'],
      ]);
      const electricityVend = await vendOk(electricity, '500');
      expect(electricityVend.lines.map((line) => line.kind)).toEqual(['energy']);
    } finally {
      await app.inject({
        method: 'PUT',
        url: '/v1/prepaid/deduction-rules',
        headers: auth,
        payload: { rules: [] },
      });
    }
  });

  it('rejects a water meter on an electricity tariff', async () => {
    const tariffId = await insertTariff(database().db, company.companyId, incliningBlockTariff());
    const fixture = await insertPrepaidMeter(database().db, company, { service: 'water', tariffId });
    for (const url of ['/v1/prepaid/vends', '/v1/prepaid/quotes']) {
      const response = await post(
        url,
        { pan: fixture.pan, amountMinor: '1000', currency: 'ZAR' },
        { 'idempotency-key': `mismatch-${newId()}` },
      );
      expect(response.statusCode, response.body).toBe(422);
      const problem = response.json<Problem>();
      expect(problem.code).toBe('PREPAYMENT.SERVICE_MISMATCH');
      expect(problem.detail).toContain(`Meter ${fixture.pan} measures water`);
      expect(problem.detail).toContain('prices electricity: put the agreement on a water tariff.');
      expect(problem.errors).toEqual([
        { path: 'tariff.definition.service', message: 'expected water, got electricity' },
      ]);
    }
  });

  it('rejects a gas tariff per kWh without its conversion', async () => {
    const definition = gasEnergyTariff();
    delete definition.versions[0]!.gasConversion;
    const tariffId = await insertTariff(database().db, company.companyId, definition);
    const fixture = await insertPrepaidMeter(database().db, company, { service: 'gas', tariffId });
    const response = await vend(fixture, '1000');
    expect(response.statusCode, response.body).toBe(422);
    const problem = response.json<Problem>();
    expect(problem.code).toBe('PREPAYMENT.TARIFF_NOT_VENDABLE');
    expect(problem.detail).toContain('needs a gasConversion');
    expect(problem.errors?.[0]?.path).toBe('tariff.definition.gasConversion');
  });

  it('rejects a power limit for a water meter', async () => {
    const fixture = await insertPrepaidMeter(database().db, company, { service: 'water' });
    const url = `/v1/prepaid/meters/${fixture.meterId}/engineering-tokens`;
    const limit = await post(url, { type: 'SetMaximumPowerLimit', watts: 5000, reason: 'test' });
    expect(limit.statusCode, limit.body).toBe(422);
    expect(limit.json<Problem>()).toMatchObject({
      code: 'PREPAYMENT.SERVICE_MISMATCH',
      detail: `Meter ${fixture.pan} is a water meter, but a SetMaximumPowerLimit token is for electricity meters only.`,
    });
    const factor = await post(url, { type: 'SetWaterMeterFactor', factor: 10, reason: 'new meter constant' });
    expect(factor.statusCode, factor.body).toBe(201);
  });

  it('lists water vends with their service', async () => {
    const fixture = await insertPrepaidMeter(database().db, company, { service: 'water' });
    await vendOk(fixture, '1200');
    const list = await app.inject({
      method: 'GET',
      url: `/v1/prepaid/vends?pan=${fixture.pan}`,
      headers: auth,
    });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<{ items: { service: string; unit: string }[] }>().items).toEqual([
      expect.objectContaining({ service: 'water', unit: 'm3' }),
    ]);
    const csv = await app.inject({
      method: 'GET',
      url: `/v1/prepaid/vends?pan=${fixture.pan}&format=csv`,
      headers: auth,
    });
    const [header, row] = csv.body.split('\r\n');
    const columns = header!.split(',');
    expect(row!.split(',')[columns.indexOf('service')]).toBe('water');
  });

  it('sells each service in one batch', async () => {
    const meters = await Promise.all(
      (['electricity', 'water', 'gas'] as const).map((service) =>
        insertPrepaidMeter(database().db, company, { service }),
      ),
    );
    const context = { ...systemContext(company.companyId, 'batch-test'), permissions: ['vending:write'] };
    const items: VendItem[] = meters.map((fixture) => ({
      context,
      request: {
        meter: { pan: fixture.pan },
        amountMinor: 2000n,
        currency: 'ZAR',
        idempotencyKey: `batch-${newId()}`,
      },
    }));
    const outcomes = await sellVends(
      database().forCompany(company.companyId),
      testTokenIssuer(),
      items,
      Temporal.Instant.from('2026-03-10T08:00:00Z'),
    );
    const sold = outcomes.map((outcome) => {
      if (outcome.kind !== 'sold') throw new Error(`Expected a sold vend, got ${JSON.stringify(outcome)}.`);
      return outcome.result.vend;
    });
    expect(sold.map((vend) => [vend.unit, vend.units, vend.tokens[0]?.tokenType])).toEqual([
      ['kWh', '125.0', 'TransferElectricityCredit'],
      ['m3', '1.7', 'TransferWaterCredit'],
      ['m3', '10.0', 'TransferGasCredit'],
    ]);
    for (const [index, fixture] of meters.entries()) {
      const entered = simulateMeter(fixture.pan).enterToken(sold[index]!.tokens[0]!.token);
      expect(entered).toMatchObject({ kind: 'accepted', token: { subclass: index } });
    }
  });
});
