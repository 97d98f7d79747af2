import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { writePostings } from '../../src/modules/ledger/index.js';
import { grantFreeBasicAllowance, setDeductionRules } from '../../src/modules/prepayment/index.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { newId } from '../../src/platform/ids/new-id.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import type { CompanyFixture } from '../support/factories/company.js';
import { insertPrepaidMeter, simulateMeter, type PrepaidFixture } from '../support/factories/prepaid.js';
import { setUpPrepaidApp } from '../support/factories/prepaid-app.js';
import { describeEachDatabase } from '../support/test-database.js';

type VendJson = {
  id: string;
  accountNumber: string;
  customerName: string;
  status: string;
  units: string;
  freeUnits: string;
  tenderedMinor: string;
  energyMinor: string;
  deductionsMinor: string;
  copy: boolean;
  reprintCount: number;
  lines: { kind: string; amountMinor: string; units: string | null; block: { number: number } | null }[];
  tokens: { token: string; tokenGroups: string; tid: number; units: string; purpose: string }[];
};
type Problem = { code: string; detail: string; errors?: { path: string; message: string }[] };

describeEachDatabase('prepaid vend routes', (database) => {
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

  const nextKey = () => `vend-${++key}-${company.companyId.slice(0, 8)}`;

  function vend(
    payload: Record<string, unknown>,
    idempotencyKey: string | null = nextKey(),
  ): Promise<LightMyRequestResponse> {
    return app.inject({
      method: 'POST',
      url: '/v1/prepaid/vends',
      headers: { ...auth, ...(idempotencyKey === null ? {} : { 'idempotency-key': idempotencyKey }) },
      payload,
    });
  }

  const post = (url: string, payload?: Record<string, unknown>) =>
    app.inject({ method: 'POST', url, headers: auth, ...(payload ? { payload } : {}) });

  async function vendOk(
    fixture: PrepaidFixture,
    amountMinor: string,
    idempotencyKey?: string,
  ): Promise<VendJson> {
    const response = await vend({ pan: fixture.pan, amountMinor, currency: 'ZAR' }, idempotencyKey);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<VendJson>();
  }

  async function countRows(
    table: 'prepayment.vend' | 'prepayment.vend_token' | 'ledger.posting',
  ): Promise<number> {
    const result = await sql<{ count: number }>`
      select count(*)::int as count from ${sql.table(table)} where company_id = ${company.companyId}::uuid`.execute(
      database().db,
    );
    return result.rows[0]!.count;
  }

  it('issues a token the meter accepts', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const sold = await vendOk(fixture, '2000');

    expect(sold.status).toBe('issued');
    expect(sold.units).toBe('125.0');
    expect(sold.lines.map((line) => [line.kind, line.block?.number, line.units, line.amountMinor])).toEqual([
      ['energy', 1, '50.0', '500'],
      ['energy', 2, '75.0', '1500'],
    ]);
    expect(sold.tokens).toHaveLength(1);
    const [token] = sold.tokens;
    expect(token!.tokenGroups).toBe(token!.token.replace(/(\d{4})(?=\d)/g, '$1 '));

    const meter = simulateMeter(fixture.pan);
    expect(meter.enterToken(token!.token)).toMatchObject({ kind: 'accepted', effect: 'credit-added' });
    expect(meter.state.credit.TransferElectricityCredit).toBe(1250n);
  });

  it('posts the vend to the ledger and the audit trail', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const sold = await vendOk(fixture, '1500');
    const lines = await database()
      .db.selectFrom('ledger.posting as posting')
      .innerJoin('ledger.posting_line as line', (join) =>
        join.onRef('line.company_id', '=', 'posting.company_id').onRef('line.posting_id', '=', 'posting.id'),
      )
      .select(['posting.kind', 'posting.account_id', 'line.ledger_account', 'line.amount_minor'])
      .where('posting.company_id', '=', company.companyId)
      .where('posting.source_id', '=', sold.id)
      .orderBy('line.line_number')
      .execute();
    expect(lines.map((line) => [line.kind, line.ledger_account, line.amount_minor])).toEqual([
      ['vend', 'cash', '1500'],
      ['vend', 'revenue:energy', '-1500'],
    ]);
    expect(lines[0]?.account_id).toBe(fixture.accountId);
    const audit = await database()
      .db.selectFrom('platform.audit_event')
      .select(['entity_type', 'action'])
      .where('company_id', '=', company.companyId)
      .where('entity_id', '=', sold.id)
      .execute();
    expect(audit).toEqual([{ entity_type: 'prepaid-vend', action: 'create' }]);
  });

  it('answers a vend as it reads back', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    await setDeductionRules(database().forCompany(company.companyId), systemContext(company.companyId), [
      { code: 'fee', name: 'Fee', kind: 'channel-fee', method: 'fixed', amountMinor: '15' },
      { code: 'vat', name: 'VAT', kind: 'tax', method: 'included-percent', percent: '15' },
    ]);
    try {
      const response = await vend({ pan: fixture.pan, amountMinor: '2345', currency: 'ZAR' });
      expect(response.statusCode, response.body).toBe(201);
      const read = await app.inject({
        method: 'GET',
        url: `/v1/prepaid/vends/${response.json<VendJson>().id}`,
        headers: auth,
      });
      expect(read.json()).toEqual(response.json());
    } finally {
      await setDeductionRules(database().forCompany(company.companyId), systemContext(company.companyId), []);
    }
  });

  it('returns the same tokens on a retry', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const idempotencyKey = nextKey();
    const first = await vendOk(fixture, '1000', idempotencyKey);
    const retry = await vend({ pan: fixture.pan, amountMinor: '1000', currency: 'ZAR' }, idempotencyKey);
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json<VendJson>()).toEqual(first);

    const changed = await vend({ pan: fixture.pan, amountMinor: '1001', currency: 'ZAR' }, idempotencyKey);
    expect(changed.statusCode).toBe(409);
    expect(changed.json<Problem>().code).toBe('PREPAYMENT.IDEMPOTENCY_KEY_REUSED');
  });

  it('replays by transaction reference', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const payload = {
      pan: fixture.pan,
      amountMinor: '700',
      currency: 'ZAR',
      transactionReference: `bank-${nextKey()}`,
    };
    const first = await vend(payload, null);
    expect(first.statusCode, first.body).toBe(201);
    const retry = await vend(payload, nextKey());
    expect(retry.statusCode).toBe(200);
    expect(retry.json<VendJson>().tokens).toEqual(first.json<VendJson>().tokens);
    expect(await countRows('prepayment.vend_token')).toBeGreaterThan(0);
  });

  it('continues the blocks where the month stands', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    await vendOk(fixture, '400');
    const second = await vendOk(fixture, '400');
    expect(second.lines.map((line) => [line.block?.number, line.units])).toEqual([
      [1, '10.0'],
      [2, '15.0'],
    ]);
    const meter = simulateMeter(fixture.pan);
    const third = await vendOk(fixture, '100');
    expect(third.tokens[0]!.tid).toBeGreaterThan(second.tokens[0]!.tid);
    expect(meter.enterToken(third.tokens[0]!.token).kind).toBe('accepted');
  });

  it('reprints the same token as a copy', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const sold = await vendOk(fixture, '800');
    const copy = await post(`/v1/prepaid/vends/${sold.id}/reprint`);
    expect(copy.statusCode).toBe(200);
    expect(copy.json<VendJson>()).toMatchObject({ copy: true, reprintCount: 1, tokens: sold.tokens });

    const meter = simulateMeter(fixture.pan);
    expect(meter.enterToken(sold.tokens[0]!.token).kind).toBe('accepted');
    expect(meter.enterToken(copy.json<VendJson>().tokens[0]!.token)).toMatchObject({
      kind: 'rejected',
      rejection: { code: 'tid-used' },
    });
    const read = await app.inject({ method: 'GET', url: `/v1/prepaid/vends/${sold.id}`, headers: auth });
    expect(read.json<VendJson>()).toMatchObject({ copy: false, reprintCount: 1 });
  });

  it('reverses a vend before release only', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const reversible = await vendOk(fixture, '600');
    const reversed = await post(`/v1/prepaid/vends/${reversible.id}/reverse`, { reason: 'printer jammed' });
    expect(reversed.statusCode).toBe(200);
    expect(reversed.json<VendJson>().status).toBe('reversed');
    const again = await post(`/v1/prepaid/vends/${reversible.id}/reverse`, { reason: 'printer jammed' });
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');

    const postings = await database()
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
      .where('posting.source_id', '=', reversible.id)
      .groupBy('posting.kind')
      .orderBy('posting.kind')
      .execute();
    expect(postings).toEqual([
      { kind: 'vend', total: '0', size: '1200' },
      { kind: 'vend-reversal', total: '0', size: '1200' },
    ]);
    const reprint = await post(`/v1/prepaid/vends/${reversible.id}/reprint`);
    expect(reprint.statusCode).toBe(409);
    expect(reprint.json<Problem>().code).toBe('PREPAYMENT.VEND_REVERSED');
    const confirmReversed = await post(`/v1/prepaid/vends/${reversible.id}/confirm`);
    expect(confirmReversed.statusCode).toBe(409);

    // The reversed purchase no longer counts in the month: the next one starts in block 1 again.
    const next = await vendOk(fixture, '300');
    expect(next.lines[0]?.block?.number).toBe(1);
    const confirmed = await post(`/v1/prepaid/vends/${next.id}/confirm`);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json<VendJson>().status).toBe('released');
    const late = await post(`/v1/prepaid/vends/${next.id}/reverse`, { reason: 'too late' });
    expect(late.statusCode).toBe(409);
    expect(late.json<Problem>().code).toBe('PREPAYMENT.VEND_RELEASED');
    expect(late.json<Problem>().detail).toContain('back-office correction');
  });

  it('takes deductions and recovers debt', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const context = systemContext(company.companyId, 'prepaid-test');
    const db = database().db;
    await db.transaction().execute((trx) =>
      writePostings(trx, context, [
        {
          id: newId(),
          accountId: fixture.accountId,
          kind: 'adjustment',
          sourceId: newId(),
          accountingDate: '2026-01-15',
          description: 'Arrears moved from the postpaid account',
          currency: 'ZAR',
          lines: [
            { ledgerAccount: 'receivable', accountId: fixture.accountId, amountMinor: 300n },
            { ledgerAccount: 'revenue:other', accountId: null, amountMinor: -300n },
          ],
        },
      ]),
    );
    await setDeductionRules(db, context, [
      { code: 'fee', name: 'Vending fee', kind: 'channel-fee', method: 'fixed', amountMinor: '100' },
      { code: 'arrears', name: 'Arrears', kind: 'debt-recovery', method: 'percent', percent: '25' },
      { code: 'vat', name: 'VAT', kind: 'tax', method: 'included-percent', percent: '15' },
    ]);
    try {
      const first = await vendOk(fixture, '1000');
      expect(first.lines.map((line) => [line.kind, line.amountMinor])).toEqual([
        ['channel-fee', '100'],
        ['debt-recovery', '250'],
        ['tax', '85'],
        ['energy', '500'],
        ['energy', '65'],
      ]);
      const second = await vendOk(fixture, '1000');
      expect(second.lines.find((line) => line.kind === 'debt-recovery')?.amountMinor).toBe('50');
      const balance = await app.inject({
        method: 'GET',
        url: `/v1/accounts/${fixture.accountId}/balance`,
        headers: auth,
      });
      expect(balance.json<{ balanceMinor: string }>().balanceMinor).toBe('0');
    } finally {
      await setDeductionRules(db, context, []);
    }
  });

  it('issues free basic units once a month', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    await grantFreeBasicAllowance(database().db, systemContext(company.companyId, 'prepaid-test'), {
      accountId: fixture.accountId,
      unitsPerMonth: '50',
      startOn: '2026-01-01',
    });
    const first = await vendOk(fixture, '300');
    expect(first.tokens.map((token) => [token.purpose, token.units])).toEqual([
      ['credit', '30.0'],
      ['free-units', '50.0'],
    ]);
    const meter = simulateMeter(fixture.pan);
    for (const token of first.tokens) expect(meter.enterToken(token.token).kind).toBe('accepted');
    expect(meter.state.credit.TransferElectricityCredit).toBe(800n);
    // 30 kWh bought so far: had the free 50 counted, this purchase would start in block 2.
    const second = await vendOk(fixture, '100');
    expect(second.tokens.map((token) => token.purpose)).toEqual(['credit']);
    expect(second.lines[0]?.block?.number).toBe(1);
  });

  it('gives free basic units once per account', async () => {
    const first = await insertPrepaidMeter(database().db, company);
    const second = await insertPrepaidMeter(database().db, company);
    // The second meter's agreement moves to the first meter's account, which now has two meters.
    await database()
      .db.updateTable('agreements.service_agreement')
      .set({ account_id: first.accountId })
      .where('company_id', '=', company.companyId)
      .where('id', '=', second.agreementId)
      .execute();
    await grantFreeBasicAllowance(database().db, systemContext(company.companyId, 'prepaid-test'), {
      accountId: first.accountId,
      unitsPerMonth: '50',
      startOn: '2026-01-01',
    });

    const withFree = await vendOk(first, '300');
    expect(withFree.freeUnits).toBe('50.0');
    const otherMeter = await vendOk(second, '300');
    expect(otherMeter.freeUnits).toBe('0.0');
    expect(otherMeter.tokens.map((token) => token.purpose)).toEqual(['credit']);

    // Reversing the vend that carried them gives the account its month's free units back.
    const reversed = await post(`/v1/prepaid/vends/${withFree.id}/reverse`, { reason: 'wrong meter' });
    expect(reversed.statusCode).toBe(200);
    const again = await vendOk(second, '300');
    expect(again.freeUnits).toBe('50.0');
  });

  it('quotes without writing', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const before = await countRows('prepayment.vend');
    const quote = await post('/v1/prepaid/quotes', {
      meterId: fixture.meterId,
      amountMinor: '2000',
      currency: 'ZAR',
    });
    expect(quote.statusCode, quote.body).toBe(200);
    expect(await countRows('prepayment.vend')).toBe(before);
    const sold = await vendOk(fixture, '2000');
    const { lines, units } = quote.json<VendJson>();
    expect({ lines, units }).toEqual({ lines: sold.lines, units: sold.units });
  });

  it('names the account and customer', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    await database()
      .db.updateTable('customers.customer')
      .set({ display_name: 'Nomsa Dlamini' })
      .where('company_id', '=', company.companyId)
      .where('id', '=', (eb) =>
        eb
          .selectFrom('customers.account')
          .select('customer_id')
          .where('company_id', '=', company.companyId)
          .where('id', '=', fixture.accountId),
      )
      .execute();
    const account = await database()
      .db.selectFrom('customers.account')
      .select('account_number')
      .where('company_id', '=', company.companyId)
      .where('id', '=', fixture.accountId)
      .executeTakeFirstOrThrow();
    const expected = { accountNumber: account.account_number, customerName: 'Nomsa Dlamini' };
    const pick = (body: { accountNumber?: string; customerName?: string }) => ({
      accountNumber: body.accountNumber,
      customerName: body.customerName,
    });

    const quote = await post('/v1/prepaid/quotes', {
      pan: fixture.pan,
      amountMinor: '1000',
      currency: 'ZAR',
    });
    expect(quote.statusCode, quote.body).toBe(200);
    expect(pick(quote.json())).toEqual(expected);
    const sold = await vendOk(fixture, '1000');
    expect(pick(sold)).toEqual(expected);
    const read = await app.inject({ method: 'GET', url: `/v1/prepaid/vends/${sold.id}`, headers: auth });
    expect(pick(read.json())).toEqual(expected);
    const reprint = await post(`/v1/prepaid/vends/${sold.id}/reprint`);
    expect(pick(reprint.json())).toEqual(expected);
    const confirmed = await post(`/v1/prepaid/vends/${sold.id}/confirm`);
    expect(pick(confirmed.json())).toEqual(expected);
  });

  it('rejects bad input naming the field', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ amountMinor: '100', currency: 'ZAR' }, 400, 'meterId'],
      [{ pan: fixture.pan, meterId: fixture.meterId, amountMinor: '100', currency: 'ZAR' }, 400, 'pan'],
      [{ pan: fixture.pan, amountMinor: '0', currency: 'ZAR' }, 400, 'amountMinor'],
      [{ pan: fixture.pan, amountMinor: '12.50', currency: 'ZAR' }, 400, 'amountMinor'],
      [{ pan: '1234', amountMinor: '100', currency: 'ZAR' }, 400, 'pan'],
      [{ pan: fixture.pan, amountMinor: '100', currency: 'USD' }, 422, 'currency'],
    ];
    for (const [payload, status, path] of cases) {
      const response = await vend(payload);
      const problem = response.json<Problem>();
      expect({
        payload,
        status: response.statusCode,
        paths: problem.errors?.map((error) => error.path),
      }).toEqual({
        payload,
        status,
        paths: expect.arrayContaining([expect.stringContaining(path)]) as unknown,
      });
    }
    const unknown = await vend({ pan: '600727000000000009', amountMinor: '100', currency: 'ZAR' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<Problem>().detail).toContain('600727000000000009');
    const noReference = await vend({ pan: fixture.pan, amountMinor: '100', currency: 'ZAR' }, null);
    expect(noReference.statusCode).toBe(400);
    expect(noReference.json<Problem>().errors?.[0]?.path).toBe('transactionReference');
  });

  it('rejects a purchase the deductions take whole', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const context = systemContext(company.companyId, 'prepaid-test');
    await setDeductionRules(database().db, context, [
      {
        code: 'service',
        name: 'Service charge',
        kind: 'fixed-charge',
        method: 'monthly',
        amountMinor: '5000',
      },
    ]);
    try {
      const response = await vend({ pan: fixture.pan, amountMinor: '1000', currency: 'ZAR' });
      expect(response.statusCode).toBe(422);
      expect(response.json<Problem>()).toMatchObject({
        code: 'PREPAYMENT.NOTHING_LEFT_FOR_ENERGY',
        errors: [{ path: 'amountMinor' }],
      });
    } finally {
      await setDeductionRules(database().db, context, []);
    }
  });

  it('refuses vends without a token issuer', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const { app: bare } = await buildTestHttpApp(database());
    try {
      const response = await bare.inject({
        method: 'POST',
        url: '/v1/prepaid/vends',
        headers: { ...auth, 'idempotency-key': nextKey() },
        payload: { pan: fixture.pan, amountMinor: '100', currency: 'ZAR' },
      });
      expect(response.statusCode).toBe(422);
      expect(response.json<Problem>().code).toBe('PREPAYMENT.TOKEN_ISSUER_NOT_CONFIGURED');
    } finally {
      await bare.close();
    }
  });

  it('rolls a killed vend back whole', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const db = database().db;
    const counts = async () => ({
      vends: await countRows('prepayment.vend'),
      tokens: await countRows('prepayment.vend_token'),
      postings: await countRows('ledger.posting'),
    });
    const before = await counts();
    // The ledger posting is the last write before commit, after the token is issued and stored.
    await sql`create or replace function public.kill_vend() returns trigger language plpgsql as $$
      begin raise exception 'vend killed after token issue'; end $$`.execute(db);
    await sql`create trigger kill_vend before insert on ledger.posting for each row execute function public.kill_vend()`.execute(
      db,
    );
    const idempotencyKey = nextKey();
    let killed: LightMyRequestResponse;
    try {
      killed = await vend({ pan: fixture.pan, amountMinor: '900', currency: 'ZAR' }, idempotencyKey);
    } finally {
      await sql`drop trigger kill_vend on ledger.posting`.execute(db);
      await sql`drop function public.kill_vend()`.execute(db);
    }
    expect(killed.statusCode).toBe(500);
    expect(await counts()).toEqual(before);
    const meterRow = await db
      .selectFrom('prepayment.prepaid_meter')
      .select('last_tid')
      .where('company_id', '=', company.companyId)
      .where('meter_id', '=', fixture.meterId)
      .executeTakeFirstOrThrow();
    expect(meterRow.last_tid).toBeNull();

    const retry = await vend({ pan: fixture.pan, amountMinor: '900', currency: 'ZAR' }, idempotencyKey);
    expect(retry.statusCode).toBe(201);
    expect(simulateMeter(fixture.pan).enterToken(retry.json<VendJson>().tokens[0]!.token).kind).toBe(
      'accepted',
    );
  });

  it('never shares a TID between concurrent vends', async () => {
    const fixture = await insertPrepaidMeter(database().db, company);
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => vend({ pan: fixture.pan, amountMinor: '100', currency: 'ZAR' })),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array.from({ length: 12 }, () => 201));
    const tids = responses.map((response) => response.json<VendJson>().tokens[0]!.tid);
    expect(new Set(tids).size).toBe(12);
    const meter = simulateMeter(fixture.pan);
    const tokens = responses.map((response) => response.json<VendJson>().tokens[0]!.token);
    for (const token of tokens) expect(meter.enterToken(token).kind).toBe('accepted');
    const tenths = responses.reduce(
      (total, response) => total + BigInt(response.json<VendJson>().units.replace('.', '')),
      0n,
    );
    expect(meter.state.credit.TransferElectricityCredit).toBe(tenths);
  });
});
