import { sql } from 'kysely';
import type { TokenIssuer } from '@open-cis/sts';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, expect, it } from 'vitest';
import { writePostings } from '../../src/modules/ledger/index.js';
import { setDeductionRules } from '../../src/modules/prepayment/index.js';
import {
  sellVends,
  type SoldVend,
  type VendItem,
  type VendOutcome,
} from '../../src/modules/prepayment/app/sell-vends.js';
import { createVendBatcher } from '../../src/modules/prepayment/app/vend-batcher.js';
import { systemContext, type Db, type RequestContext } from '../../src/platform/context/request-context.js';
import { AppError } from '../../src/platform/errors/app-error.js';
import { newId } from '../../src/platform/ids/new-id.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { insertTariff } from '../support/factories/metered-account.js';
import {
  incliningBlockTariff,
  insertPrepaidMeter,
  insertSellingAgent,
  simulateMeter,
  testTokenIssuer,
  typicalDeductionRules,
  type PrepaidFixture,
} from '../support/factories/prepaid.js';
import { describeEachDatabase } from '../support/test-database.js';

const at = Temporal.Instant.from('2026-03-10T08:00:00Z');
let requestCount = 0;

describeEachDatabase('vend batches', (database) => {
  let company: CompanyFixture;
  let db: Db;
  let tariffId: string;
  let reference = 0;

  beforeAll(async () => {
    company = await insertCompany(database().db, { currency: 'ZAR', timeZone: 'Africa/Johannesburg' });
    db = database().forCompany(company.companyId);
    tariffId = await insertTariff(database().db, company.companyId, incliningBlockTariff());
    await setDeductionRules(db, systemContext(company.companyId, 'test'), typicalDeductionRules);
  });

  const newMeter = (): Promise<PrepaidFixture> => insertPrepaidMeter(database().db, company, { tariffId });

  /** Creates an agent with an outlet, a 2 % commission, a float and a selling API key; returns its context. */
  async function newSeller(floatMinor: string): Promise<{ agentId: string; context: RequestContext }> {
    const agent = await insertSellingAgent(db, company.companyId, `agent-${newId().slice(-8)}`, floatMinor);
    return { agentId: agent.agentId, context: keyContext(agent.keyId) };
  }

  function keyContext(keyId: string): RequestContext {
    requestCount += 1;
    return {
      companyId: company.companyId,
      actor: { kind: 'api-key', id: keyId },
      requestId: `request-${requestCount}`,
      permissions: ['vending:read', 'vending:write'],
    };
  }

  function purchase(context: RequestContext, pan: string, amountMinor: bigint, key?: string): VendItem {
    reference += 1;
    return {
      context: { ...context, requestId: `request-${++requestCount}` },
      request: {
        meter: { pan },
        amountMinor,
        currency: 'ZAR',
        idempotencyKey: key ?? `batch-${reference}`,
      },
    };
  }

  function errorCode(outcome: VendOutcome | undefined): string {
    if (outcome?.kind !== 'failed') throw new Error(`Expected a failed vend, got ${outcome?.kind}.`);
    if (!(outcome.error instanceof AppError)) throw outcome.error;
    return outcome.error.code;
  }

  function soldVend(outcome: VendOutcome | undefined) {
    if (outcome?.kind !== 'sold') throw new Error(`Expected a sold vend, got ${JSON.stringify(outcome)}.`);
    return outcome.result.vend;
  }

  async function floatOf(agentId: string): Promise<bigint> {
    const row = await database()
      .db.selectFrom('prepayment.vending_agent')
      .select('float_balance_minor')
      .where('id', '=', agentId)
      .executeTakeFirstOrThrow();
    return BigInt(row.float_balance_minor);
  }

  async function vendCount(): Promise<number> {
    const row = await database()
      .db.selectFrom('prepayment.vend')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('company_id', '=', company.companyId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  it('sells a batch for many meters and agents', async () => {
    const meters = await Promise.all(Array.from({ length: 6 }, newMeter));
    const sellers = [await newSeller('1000000'), await newSeller('1000000')];
    const items = meters.map((meter, index) =>
      purchase(sellers[index % 2]!.context, meter.pan, 5000n + BigInt(index) * 100n),
    );

    const outcomes = await sellVends(db, testTokenIssuer(), items, at);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(Array(6).fill('sold'));
    for (const [index, outcome] of outcomes.entries()) {
      const vend = soldVend(outcome);
      expect(vend.tenderedMinor).toBe(5000n + BigInt(index) * 100n);
      expect(vend.agentId).toBe(sellers[index % 2]!.agentId);
      const simulator = simulateMeter(meters[index]!.pan);
      expect(simulator.enterToken(vend.tokens[0]!.token)).toMatchObject({ kind: 'accepted' });
    }
    for (const [position, seller] of sellers.entries()) {
      const drawn = outcomes
        .filter((_, index) => index % 2 === position)
        .map(soldVend)
        .reduce((sum, vend) => sum + vend.tenderedMinor - vend.commissionMinor, 0n);
      expect(await floatOf(seller.agentId)).toBe(1000000n - drawn);
    }
  });

  it('chains float entries of one agent', async () => {
    const meters = await Promise.all(Array.from({ length: 3 }, newMeter));
    const seller = await newSeller('100000');
    const items = meters.map((meter) => purchase(seller.context, meter.pan, 10000n));

    const outcomes = await sellVends(db, testTokenIssuer(), items, at);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['sold', 'sold', 'sold']);
    // Ids are time-ordered (UUID version 7), so they sort the entries in the order they were written.
    const entries = await database()
      .db.selectFrom('prepayment.agent_float_entry')
      .select(['kind', 'amount_minor', 'balance_after_minor'])
      .where('agent_id', '=', seller.agentId)
      .orderBy('id')
      .execute();
    expect(entries.map((entry) => entry.kind)).toEqual([
      'deposit',
      'vend',
      'commission',
      'vend',
      'commission',
      'vend',
      'commission',
    ]);
    let balance = 0n;
    for (const entry of entries) {
      balance += BigInt(entry.amount_minor);
      expect(BigInt(entry.balance_after_minor)).toBe(balance);
    }
    expect(await floatOf(seller.agentId)).toBe(balance);
  });

  it('fails only the sale the float cannot cover', async () => {
    const meters = await Promise.all(Array.from({ length: 3 }, newMeter));
    const seller = await newSeller('20000');
    const items = meters.map((meter) => purchase(seller.context, meter.pan, 10000n));

    const outcomes = await sellVends(db, testTokenIssuer(), items, at);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['sold', 'sold', 'failed']);
    expect(errorCode(outcomes[2])).toBe('PREPAYMENT.AGENT_FLOAT_EXHAUSTED');
    expect(await floatOf(seller.agentId)).toBe(20000n - 2n * (10000n - 200n));
  });

  it('fails an unknown meter alone', async () => {
    const meter = await newMeter();
    const seller = await newSeller('1000000');
    const items = [
      purchase(seller.context, '60072799999999999', 5000n),
      purchase(seller.context, meter.pan, 5000n),
    ];

    const outcomes = await sellVends(db, testTokenIssuer(), items, at);

    expect(errorCode(outcomes[0])).toBe('PREPAYMENT.METER_NOT_FOUND');
    expect(outcomes[1]!.kind).toBe('sold');
  });

  it('defers a second sale for one meter', async () => {
    const meter = await newMeter();
    const seller = await newSeller('1000000');
    const byPan = purchase(seller.context, meter.pan, 5000n);
    const byId: VendItem = {
      ...purchase(seller.context, meter.pan, 6000n),
    };
    byId.request = { ...byId.request, meter: { meterId: meter.meterId.toUpperCase() } };

    const outcomes = await sellVends(db, testTokenIssuer(), [byPan, byId], at);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['sold', 'deferred']);
    const later = await sellVends(db, testTokenIssuer(), [byId], at);
    const first = soldVend(outcomes[0]);
    const second = soldVend(later[0]);
    expect(second.tokens[0]!.tid).toBeGreaterThan(first.tokens[0]!.tid!);
    const simulator = simulateMeter(meter.pan);
    expect(simulator.enterToken(first.tokens[0]!.token).kind).toBe('accepted');
    expect(simulator.enterToken(second.tokens[0]!.token).kind).toBe('accepted');
  });

  it('defers a second sale for one account', async () => {
    const first = await newMeter();
    const second = await newMeter();
    await sql`update agreements.service_agreement set account_id = ${first.accountId}::uuid
               where id = ${second.agreementId}::uuid`.execute(database().db);
    await giveDebt(first.accountId, 500n);
    const seller = await newSeller('1000000');
    const items = [purchase(seller.context, first.pan, 2000n), purchase(seller.context, second.pan, 2000n)];

    const outcomes = await sellVends(db, testTokenIssuer(), items, at);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['sold', 'deferred']);
    const later = await sellVends(db, testTokenIssuer(), [items[1]!], at);

    const recovered = [soldVend(outcomes[0]), soldVend(later[0])].map(
      (vend) => vend.lines.find((line) => line.kind === 'debt-recovery')?.amountMinor ?? 0n,
    );
    expect(recovered).toEqual([400n, 100n]);
  });

  it('recovers a debt once across batches', async () => {
    // PGlite runs one transaction at a time, so two batches never wait for each other there.
    if (database().kind === 'pglite') return;
    const first = await newMeter();
    const second = await newMeter();
    await sql`update agreements.service_agreement set account_id = ${first.accountId}::uuid
               where id = ${second.agreementId}::uuid`.execute(database().db);
    await giveDebt(first.accountId, 500n);
    const seller = await newSeller('1000000');

    // A third transaction locks the account until both batches wait for it. Then one batch sells
    // first, and the other, still waiting, must see the debt that the first recovered.
    let sales: Promise<VendOutcome[][]> | undefined;
    await database()
      .db.transaction()
      .execute(async (holder) => {
        await sql`select id from customers.account where id = ${first.accountId}::uuid for no key update`.execute(
          holder,
        );
        sales = Promise.all([
          sellVends(db, testTokenIssuer(), [purchase(seller.context, first.pan, 2000n)], at),
          sellVends(db, testTokenIssuer(), [purchase(seller.context, second.pan, 2000n)], at),
        ]);
        await waitForLockWaiters(2);
      });
    const outcomes = await sales!;

    const recovered = outcomes.map(
      ([outcome]) => soldVend(outcome).lines.find((line) => line.kind === 'debt-recovery')?.amountMinor ?? 0n,
    );
    expect(recovered.reduce((sum, amount) => sum + amount, 0n)).toBe(500n);
    expect([...recovered].sort()).toEqual([100n, 400n]);
  });

  it('defers a repeated key and replays it', async () => {
    const meter = await newMeter();
    const seller = await newSeller('1000000');
    const first = purchase(seller.context, meter.pan, 5000n, 'same-key');
    const again = { ...first, context: { ...first.context, requestId: 'retry' } };

    const outcomes = await sellVends(db, testTokenIssuer(), [first, again], at);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['sold', 'deferred']);
    const later = await sellVends(db, testTokenIssuer(), [again], at);

    expect(later[0]).toMatchObject({ kind: 'sold', result: { replayed: true } });
    expect(soldVend(later[0]).id).toBe(soldVend(outcomes[0]).id);
    expect(soldVend(later[0]).tokens).toEqual(soldVend(outcomes[0]).tokens);
  });

  it('records each sale under its own request', async () => {
    const meters = await Promise.all(Array.from({ length: 2 }, newMeter));
    const sellers = [await newSeller('1000000'), await newSeller('1000000')];
    const items = meters.map((meter, index) => purchase(sellers[index]!.context, meter.pan, 5000n));

    const outcomes = await sellVends(db, testTokenIssuer(), items, at);

    for (const [index, outcome] of outcomes.entries()) {
      const audit = await database()
        .db.selectFrom('platform.audit_event')
        .select(['actor_kind', 'actor_id', 'request_id'])
        .where('entity_type', '=', 'prepaid-vend')
        .where('entity_id', '=', soldVend(outcome).id)
        .executeTakeFirstOrThrow();
      expect(audit).toEqual({
        actor_kind: 'api-key',
        actor_id: items[index]!.context.actor.id,
        request_id: items[index]!.context.requestId,
      });
    }
  });

  it('batches concurrent sales through the batcher', async () => {
    const meters = await Promise.all(Array.from({ length: 12 }, newMeter));
    const seller = await newSeller('10000000');
    const batcher = createVendBatcher(testTokenIssuer(), { maxBatchesInFlight: 1 });
    const before = await vendCount();

    // Each meter is bought twice, by PAN and by id, so a batch holding both defers the second.
    const results = await Promise.all(
      meters.flatMap((meter) => {
        const byPan = purchase(seller.context, meter.pan, 5000n);
        const byId = purchase(seller.context, meter.pan, 3000n);
        return [
          batcher.vend(db, byPan.context, byPan.request),
          batcher.vend(db, byId.context, { ...byId.request, meter: { meterId: meter.meterId } }),
        ];
      }),
    );

    expect(results.every((result) => !result.replayed)).toBe(true);
    expect(await vendCount()).toBe(before + 24);
    for (const [index, meter] of meters.entries()) {
      const simulator = simulateMeter(meter.pan);
      const [first, second] = [results[index * 2]!.vend, results[index * 2 + 1]!.vend];
      expect(simulator.enterToken(first.tokens[0]!.token).kind).toBe('accepted');
      expect(simulator.enterToken(second.tokens[0]!.token).kind).toBe('accepted');
    }
    const drawn = results.reduce((sum, { vend }) => sum + vend.tenderedMinor - vend.commissionMinor, 0n);
    expect(await floatOf(seller.agentId)).toBe(10000000n - drawn);
  });

  it('replays a key taken meanwhile', async () => {
    // PGlite runs one transaction at a time, so two batches never wait for each other there.
    if (database().kind === 'pglite') return;
    const meter = await newMeter();
    const seller = await newSeller('1000000');
    const warnings: string[] = [];
    const log = { warn: (_details: object, message: string) => warnings.push(message) };
    // Two batchers stand for two server processes that a channel's retry reached.
    const batchers = [1, 2].map(() => createVendBatcher(testTokenIssuer(), { log }));
    const sale = purchase(seller.context, meter.pan, 5000n, `retried-${newId()}`);

    // A third transaction locks the meter until both batches wait for it, after each looked for an
    // earlier vend and found none. The batch that sells second then finds the key taken.
    let results: Promise<SoldVend[]> | undefined;
    await database()
      .db.transaction()
      .execute(async (holder) => {
        await sql`select meter_id from prepayment.prepaid_meter where meter_id = ${meter.meterId}::uuid for update`.execute(
          holder,
        );
        results = Promise.all(batchers.map((batcher) => batcher.vend(db, sale.context, sale.request)));
        await waitForLockWaiters(2);
      });
    const [first, second] = await results!;

    expect(second!.vend.id).toBe(first!.vend.id);
    expect([first!.replayed, second!.replayed].sort()).toEqual([false, true]);
    expect(second!.vend.tokens).toEqual(first!.vend.tokens);
    expect(warnings).toEqual([]);
  });

  it('sells one at a time after a batch fails', async () => {
    const meters = await Promise.all(Array.from({ length: 4 }, newMeter));
    const broken = meters[2]!;
    const seller = await newSeller('1000000');
    const warnings: string[] = [];
    const batcher = createVendBatcher(failingIssuerFor(broken.pan), {
      maxBatchesInFlight: 1,
      log: { warn: (_details, message) => warnings.push(message) },
    });
    const before = await vendCount();

    // The first purchase starts a batch alone; the other three wait and form the batch that fails.
    const settled = await Promise.allSettled(
      meters.map((meter) =>
        batcher.vend(db, seller.context, purchase(seller.context, meter.pan, 5000n).request),
      ),
    );

    expect(settled.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    const rejected = settled[2] as PromiseRejectedResult;
    expect(String(rejected.reason)).toContain('issuer unavailable');
    expect(warnings).toHaveLength(1);
    expect(await vendCount()).toBe(before + 3);
    const drawn = settled
      .flatMap((result) => (result.status === 'fulfilled' ? [result.value.vend] : []))
      .reduce((sum, vend) => sum + vend.tenderedMinor - vend.commissionMinor, 0n);
    expect(await floatOf(seller.agentId)).toBe(1000000n - drawn);
  });

  /** Waits until `count` sessions of this database wait for a lock, for at most 10 s. */
  async function waitForLockWaiters(count: number): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const waiting = await sql<{ count: number }>`
        select count(*)::int as count from pg_stat_activity
         where datname = current_database() and wait_event_type = 'Lock'`.execute(database().db);
      if (waiting.rows[0]!.count >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`Fewer than ${count} sessions waited for a lock within 10 s.`);
  }

  async function giveDebt(accountId: string, amountMinor: bigint): Promise<void> {
    await database()
      .db.transaction()
      .execute((trx) =>
        writePostings(trx, systemContext(company.companyId, 'test'), [
          {
            id: newId(),
            accountId,
            kind: 'adjustment',
            sourceId: newId(),
            accountingDate: '2026-01-01',
            description: 'Opening debt',
            currency: 'ZAR',
            lines: [
              { ledgerAccount: 'receivable', accountId, amountMinor },
              { ledgerAccount: 'revenue:other', accountId: null, amountMinor: -amountMinor },
            ],
          },
        ]),
      );
  }
});

/** Wraps the test issuer to fail with a plain error for one meter, as an unreachable security module would. */
function failingIssuerFor(pan: string): TokenIssuer {
  const issuer = testTokenIssuer();
  return {
    ...issuer,
    issueToken: (meter, token) =>
      meter.pan === pan ? Promise.reject(new Error('issuer unavailable')) : issuer.issueToken(meter, token),
  };
}
