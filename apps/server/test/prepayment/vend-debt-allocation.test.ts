import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { selectRecordSummaries } from '../../src/modules/audit/db/select-record-summaries.js';
import { listOpenItems } from '../../src/modules/ledger/index.js';
import {
  allocateCreditForAccounts,
  findAccountsWithCredit,
  postPayment,
} from '../../src/modules/payments/index.js';
import {
  confirmVend,
  correctVend,
  reverseVend,
  setDeductionRules,
  vendUnits,
  type Vend,
} from '../../src/modules/prepayment/index.js';
import { sellVends, type VendOutcome } from '../../src/modules/prepayment/app/sell-vends.js';
import { systemContext, type Db, type RequestContext } from '../../src/platform/context/request-context.js';
import type { HttpApp } from '../../src/platform/http/http-app.js';
import { newId } from '../../src/platform/ids/new-id.js';
import { buildTestHttpApp } from '../http/test-http-app.js';
import { createTestApiKey } from '../support/factories/api-key.js';
import { insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { insertTariff } from '../support/factories/metered-account.js';
import {
  insertIssuedBill,
  insertOpeningDebt,
  type IssuedBillFixture,
} from '../support/factories/payments.js';
import {
  incliningBlockTariff,
  insertPrepaidMeter,
  testTokenIssuer,
  typicalDeductionRules,
  type PrepaidFixture,
} from '../support/factories/prepaid.js';
import { assertLedgerConsistent } from '../support/ledger-invariants.js';
import { waitForLockWaiters } from '../support/lock-waiters.js';
import { describeEachDatabase } from '../support/test-database.js';

const at = Temporal.Instant.from('2026-03-10T08:00:00Z');

type AllocationRow = { bill_id: string; amount_minor: string; status: string };

describeEachDatabase('vend debt allocation', (database) => {
  let company: CompanyFixture;
  let db: Db;
  let context: RequestContext;
  let tariffId: string;
  let app: HttpApp;
  let token: string;

  beforeAll(async () => {
    company = await insertCompany(database().db, { currency: 'ZAR', timeZone: 'Africa/Johannesburg' });
    db = database().forCompany(company.companyId);
    context = systemContext(company.companyId, 'test');
    tariffId = await insertTariff(database().db, company.companyId, incliningBlockTariff());
    // Debt recovery takes 20 % of the amount tendered, at most 5.00 a vend.
    await setDeductionRules(db, context, typicalDeductionRules);
    ({ app } = await buildTestHttpApp(database()));
    ({ token } = await createTestApiKey(database().db, company.companyId, ['ledger:read']));
  });
  afterAll(async () => {
    await app.close();
  });

  const newMeter = (): Promise<PrepaidFixture> => insertPrepaidMeter(database().db, company, { tariffId });

  function invoice(accountId: string, totalMinor: bigint, dueDate: string): Promise<IssuedBillFixture> {
    return insertIssuedBill(database().db, company, accountId, {
      totalMinor,
      issueDate: Temporal.PlainDate.from(dueDate).subtract({ days: 20 }).toString(),
      dueDate,
      currency: 'ZAR',
    });
  }

  async function sell(pan: string, amountMinor: bigint): Promise<Vend> {
    const sold = await vendUnits(
      db,
      context,
      testTokenIssuer(),
      { meter: { pan }, amountMinor, currency: 'ZAR', idempotencyKey: `debt-${newId()}` },
      { now: () => at },
    );
    return sold.vend;
  }

  function recovered(vend: Vend): bigint {
    return vend.lines.find((line) => line.kind === 'debt-recovery')?.amountMinor ?? 0n;
  }

  /** Posts a cash payment of the account on the test day. */
  function payCash(accountId: string, amountMinor: bigint) {
    return postPayment(db, context, {
      accountId,
      amountMinor,
      currency: 'ZAR',
      receivedOn: '2026-03-10',
      method: 'cash',
      idempotencyKey: randomUUID(),
    });
  }

  async function allocationsOfVend(vendId: string): Promise<AllocationRow[]> {
    const result = await sql<AllocationRow>`
      select a.bill_id, a.amount_minor::text, a.status
        from payments.payment_allocation a
        join billing.bill b on b.company_id = a.company_id and b.id = a.bill_id
       where a.vend_id = ${vendId}::uuid
       order by b.due_date, a.created_at`.execute(database().db);
    return result.rows;
  }

  it('settles the oldest invoice partly', async () => {
    const fixture = await newMeter();
    const later = await invoice(fixture.accountId, 1000n, '2026-02-25');
    const oldest = await invoice(fixture.accountId, 1000n, '2026-01-25');

    const vend = await sell(fixture.pan, 2000n);

    expect(recovered(vend)).toBe(400n);
    expect(await allocationsOfVend(vend.id)).toEqual([
      { bill_id: oldest.billId, amount_minor: '400', status: 'active' },
    ]);
    const open = await listOpenItems(db, company.companyId, fixture.accountId, '2026-03-10');
    expect(open.map((item) => [item.billId, item.outstandingMinor])).toEqual([
      [oldest.billId, 600n],
      [later.billId, 1000n],
    ]);
    expect(open[0]!.settlements).toMatchObject([
      { vendId: vend.id, settledOn: '2026-03-10', reference: vend.transactionReference, amountMinor: 400n },
    ]);
    expect(open[1]!.settlements).toEqual([]);
    const totals = await assertLedgerConsistent(db, company.companyId, fixture.accountId);
    expect(totals).toEqual({ balanceMinor: 1600n, creditMinor: 0n, openItemsTotalMinor: 1600n });
  });

  it('settles several invoices in order', async () => {
    const fixture = await newMeter();
    const third = await invoice(fixture.accountId, 300n, '2026-02-25');
    const first = await invoice(fixture.accountId, 100n, '2026-01-05');
    const second = await invoice(fixture.accountId, 150n, '2026-01-25');

    const vend = await sell(fixture.pan, 2500n);

    expect(recovered(vend)).toBe(500n);
    expect(await allocationsOfVend(vend.id)).toEqual([
      { bill_id: first.billId, amount_minor: '100', status: 'active' },
      { bill_id: second.billId, amount_minor: '150', status: 'active' },
      { bill_id: third.billId, amount_minor: '250', status: 'active' },
    ]);
    const open = await listOpenItems(db, company.companyId, fixture.accountId, '2026-03-10');
    expect(open.map((item) => [item.billId, item.outstandingMinor])).toEqual([[third.billId, 50n]]);
    await assertLedgerConsistent(db, company.companyId, fixture.accountId);
  });

  it('records the allocations with audit and an event', async () => {
    const fixture = await newMeter();
    const bill = await invoice(fixture.accountId, 1000n, '2026-01-25');

    const vend = await sell(fixture.pan, 2000n);

    const allocation = await database()
      .db.selectFrom('payments.payment_allocation')
      .select(['id', 'payment_id'])
      .where('vend_id', '=', vend.id)
      .executeTakeFirstOrThrow();
    expect(allocation.payment_id).toBeNull();
    const audit = await database()
      .db.selectFrom('platform.audit_event')
      .select(['action', 'changes'])
      .where('entity_type', '=', 'payment_allocation')
      .where('entity_id', '=', allocation.id)
      .execute();
    expect(audit).toEqual([
      {
        action: 'create',
        changes: {
          vend_id: [null, vend.id],
          bill_id: [null, bill.billId],
          amount_minor: [null, '400'],
          status: [null, 'active'],
        },
      },
    ]);
    const events = await database()
      .db.selectFrom('platform.outbox_event')
      .select(['event_type', 'payload'])
      .where('aggregate_id', '=', vend.id)
      .orderBy('id')
      .execute();
    expect(events.map((event) => event.event_type)).toEqual([
      'prepaid-vend.issued',
      'prepaid-vend.debt-allocated',
    ]);
    expect(events[1]!.payload).toEqual({
      vendId: vend.id,
      accountId: fixture.accountId,
      allocations: [{ allocationId: allocation.id, billId: bill.billId, amountMinor: '400' }],
    });
    const summaries = await selectRecordSummaries(db, company.companyId, [
      { entityType: 'payment_allocation', entityId: allocation.id },
    ]);
    expect([...summaries.values()]).toEqual([
      {
        reference: bill.invoiceNumber,
        kind: null,
        date: '2026-03-10',
        amountMinor: '400',
        currency: 'ZAR',
        paymentId: null,
      },
    ]);
  });

  it('reopens the items on reversal', async () => {
    const fixture = await newMeter();
    const oldest = await invoice(fixture.accountId, 300n, '2026-01-05');
    const later = await invoice(fixture.accountId, 1000n, '2026-01-25');
    const vend = await sell(fixture.pan, 2500n);
    expect(recovered(vend)).toBe(500n);

    await reverseVend(db, context, { vendId: vend.id, reason: 'printer jammed' }, { now: () => at });

    const allocations = await allocationsOfVend(vend.id);
    expect(allocations.map((row) => [row.bill_id, row.amount_minor, row.status])).toEqual([
      [oldest.billId, '300', 'released'],
      [later.billId, '200', 'released'],
    ]);
    const open = await listOpenItems(db, company.companyId, fixture.accountId, '2026-03-10');
    expect(open.map((item) => [item.billId, item.outstandingMinor, item.settlements])).toEqual([
      [oldest.billId, 300n, []],
      [later.billId, 1000n, []],
    ]);
    const released = await sql<{ changes: unknown }>`
      select e.changes from platform.audit_event e
        join payments.payment_allocation a on a.id::text = e.entity_id
       where e.entity_type = 'payment_allocation' and e.action = 'update' and a.vend_id = ${vend.id}::uuid`.execute(
      database().db,
    );
    expect(released.rows.map((row) => row.changes)).toEqual([
      { status: ['active', 'released'], reason: [null, 'vend-reversed'] },
      { status: ['active', 'released'], reason: [null, 'vend-reversed'] },
    ]);
    const reversal = await database()
      .db.selectFrom('platform.outbox_event')
      .select('payload')
      .where('aggregate_id', '=', vend.id)
      .where('event_type', '=', 'prepaid-vend.reversed')
      .executeTakeFirstOrThrow();
    expect(reversal.payload).toMatchObject({
      releasedAllocations: [
        { billId: oldest.billId, amountMinor: '300' },
        { billId: later.billId, amountMinor: '200' },
      ],
    });
    const totals = await assertLedgerConsistent(db, company.companyId, fixture.accountId);
    expect(totals).toEqual({ balanceMinor: 1300n, creditMinor: 0n, openItemsTotalMinor: 1300n });
  });

  it('reopens the items on a correction', async () => {
    const fixture = await newMeter();
    const oldest = await invoice(fixture.accountId, 300n, '2026-01-05');
    const vend = await sell(fixture.pan, 2500n);
    await confirmVend(db, context, vend.id);
    const supervisor: RequestContext = { ...context, actor: { kind: 'user', id: newId() } };

    await correctVend(
      db,
      supervisor,
      { vendId: vend.id, reasonCode: 'duplicate-sale', reason: 'sold twice' },
      { now: () => at },
    );

    const allocations = await allocationsOfVend(vend.id);
    expect(allocations.map((row) => [row.bill_id, row.amount_minor, row.status])).toEqual([
      [oldest.billId, '300', 'released'],
    ]);
    const open = await listOpenItems(db, company.companyId, fixture.accountId, '2026-03-10');
    expect(open.map((item) => [item.billId, item.outstandingMinor])).toEqual([[oldest.billId, 300n]]);
    const corrected = await database()
      .db.selectFrom('platform.outbox_event')
      .select('payload')
      .where('aggregate_id', '=', vend.id)
      .where('event_type', '=', 'prepaid-vend.corrected')
      .executeTakeFirstOrThrow();
    expect(corrected.payload).toMatchObject({
      previousStatus: 'released',
      releasedAllocations: [{ billId: oldest.billId, amountMinor: '300' }],
    });
    const totals = await assertLedgerConsistent(db, company.companyId, fixture.accountId);
    expect(totals).toEqual({ balanceMinor: 300n, creditMinor: 0n, openItemsTotalMinor: 300n });
  });

  it('lets a later payment allocate what remains', async () => {
    const fixture = await newMeter();
    const bill = await invoice(fixture.accountId, 1000n, '2026-01-25');
    const vend = await sell(fixture.pan, 2000n);

    const { payment } = await payCash(fixture.accountId, 1000n);

    expect(payment.allocations.map((allocation) => [allocation.billId, allocation.amountMinor])).toEqual([
      [bill.billId, 600n],
    ]);
    expect(payment.unallocatedMinor).toBe(400n);
    expect(await allocationsOfVend(vend.id)).toEqual([
      { bill_id: bill.billId, amount_minor: '400', status: 'active' },
    ]);
    const totals = await assertLedgerConsistent(db, company.companyId, fixture.accountId);
    expect(totals).toEqual({ balanceMinor: -400n, creditMinor: 400n, openItemsTotalMinor: 0n });
  });

  it('applies credit to items a reversal reopens', async () => {
    const fixture = await newMeter();
    const bill = await invoice(fixture.accountId, 1000n, '2026-01-25');
    const vend = await sell(fixture.pan, 2000n);
    const { payment } = await payCash(fixture.accountId, 1000n);
    expect(payment.unallocatedMinor).toBe(400n);

    await reverseVend(db, context, { vendId: vend.id, reason: 'wrong meter' }, { now: () => at });

    // The 400 the vend had settled is open again, and the payment's unallocated 400 settles it.
    const open = await listOpenItems(db, company.companyId, fixture.accountId, '2026-03-10');
    expect(open).toEqual([]);
    const allocations = await database()
      .db.selectFrom('payments.payment_allocation')
      .select(['bill_id', 'amount_minor', 'status'])
      .where('company_id', '=', company.companyId)
      .where('payment_id', '=', payment.id)
      .orderBy('created_at')
      .execute();
    expect(allocations.map((row) => [row.bill_id, row.amount_minor, row.status])).toEqual([
      [bill.billId, '600', 'active'],
      [bill.billId, '400', 'active'],
    ]);
    const totals = await assertLedgerConsistent(db, company.companyId, fixture.accountId);
    expect(totals).toEqual({ balanceMinor: 0n, creditMinor: 0n, openItemsTotalMinor: 0n });
  });

  it('allocates a batch of vends for several accounts', async () => {
    const fixtures = await Promise.all([newMeter(), newMeter(), newMeter()]);
    const [owing, noInvoice, clear] = fixtures as [PrepaidFixture, PrepaidFixture, PrepaidFixture];
    const bill = await invoice(owing.accountId, 250n, '2026-01-25');
    await giveDebt(noInvoice.accountId, 300n);
    const items = fixtures.map((fixture) => ({
      context,
      request: {
        meter: { pan: fixture.pan },
        amountMinor: 2000n,
        currency: 'ZAR',
        idempotencyKey: `batch-${newId()}`,
      },
    }));

    const outcomes = await sellVends(db, testTokenIssuer(), items, at);

    const vends = outcomes.map(soldVend);
    expect(vends.map(recovered)).toEqual([250n, 300n, 0n]);
    expect(await allocationsOfVend(vends[0]!.id)).toEqual([
      { bill_id: bill.billId, amount_minor: '250', status: 'active' },
    ]);
    // Debt that no invoice carries stays unallocated, as credit, like a payment's remainder.
    expect(await allocationsOfVend(vends[1]!.id)).toEqual([]);
    expect(await allocationsOfVend(vends[2]!.id)).toEqual([]);
    await assertLedgerConsistent(db, company.companyId, owing.accountId);
    await assertLedgerConsistent(db, company.companyId, clear.accountId);
  });

  it('applies unallocated recovered debt to a later bill', async () => {
    const fixture = await newMeter();
    await giveDebt(fixture.accountId, 300n);
    const vend = await sell(fixture.pan, 2000n);
    expect(recovered(vend)).toBe(300n);
    const bill = await invoice(fixture.accountId, 1000n, '2026-04-25');

    const withCredit = () =>
      database()
        .db.transaction()
        .execute((trx) => findAccountsWithCredit(trx, context, [fixture.accountId]));
    expect(await withCredit()).toEqual([fixture.accountId]);
    const { allocations } = await database()
      .db.transaction()
      .execute((trx) => allocateCreditForAccounts(trx, context, [fixture.accountId]));

    expect(await withCredit()).toEqual([]);
    expect(allocations).toEqual([
      { vendId: vend.id, billId: bill.billId, amountMinor: 300n, id: expect.any(String) as string },
    ]);
    const open = await listOpenItems(db, company.companyId, fixture.accountId, '2026-03-10');
    expect(open.map((item) => item.outstandingMinor)).toEqual([700n]);
  });

  it('shows the settlement on the statement and open items', async () => {
    const fixture = await newMeter();
    const bill = await invoice(fixture.accountId, 1000n, '2026-01-25');
    const vend = await sell(fixture.pan, 2000n);
    const get = (url: string) =>
      app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

    const balance = await get(`/v1/accounts/${fixture.accountId}/balance?asOf=2026-03-10`);
    const statement = await get(`/v1/accounts/${fixture.accountId}/statement`);

    expect(balance.statusCode, balance.body).toBe(200);
    expect(balance.json()).toMatchObject({
      balanceMinor: '600',
      creditMinor: '0',
      openItems: [
        {
          billId: bill.billId,
          allocated: '4.00',
          outstanding: '6.00',
          settlements: [
            {
              source: 'prepaid-vend',
              paymentId: null,
              vendId: vend.id,
              settledOn: '2026-03-10',
              reference: vend.transactionReference,
              amountMinor: '400',
              amount: '4.00',
            },
          ],
        },
      ],
    });
    expect(statement.statusCode, statement.body).toBe(200);
    const entries = statement.json<{
      entries: { kind: string; sourceId: string; amountMinor: string; runningBalanceMinor: string }[];
    }>().entries;
    expect(
      entries.map((entry) => [entry.kind, entry.sourceId, entry.amountMinor, entry.runningBalanceMinor]),
    ).toEqual([
      ['bill', bill.billId, '1000', '1000'],
      ['vend', vend.id, '-400', '600'],
    ]);
  });

  it('allocates once for concurrent vends of one account', async () => {
    // PGlite runs one transaction at a time, so two batches never wait for each other there.
    if (database().kind === 'pglite') return;
    const first = await newMeter();
    const second = await newMeter();
    await sql`update agreements.service_agreement set account_id = ${first.accountId}::uuid
               where id = ${second.agreementId}::uuid`.execute(database().db);
    const older = await invoice(first.accountId, 200n, '2026-01-05');
    const newer = await invoice(first.accountId, 300n, '2026-01-25');
    const purchase = (pan: string) => ({
      context,
      request: {
        meter: { pan },
        amountMinor: 2000n,
        currency: 'ZAR',
        idempotencyKey: `concurrent-${newId()}`,
      },
    });

    // A third transaction locks the account until both batches wait for it. Then one batch sells and
    // allocates first, and the other must allocate only what the first left open.
    let sales: Promise<VendOutcome[][]> | undefined;
    await database()
      .db.transaction()
      .execute(async (holder) => {
        await sql`select id from customers.account where id = ${first.accountId}::uuid for no key update`.execute(
          holder,
        );
        sales = Promise.all([
          sellVends(db, testTokenIssuer(), [purchase(first.pan)], at),
          sellVends(db, testTokenIssuer(), [purchase(second.pan)], at),
        ]);
        await waitForLockWaiters(database().db, 2);
      });
    const vends = (await sales!).map(([outcome]) => soldVend(outcome));

    expect(vends.map(recovered).sort()).toEqual([100n, 400n]);
    const allocated = await sql<{ bill_id: string; total: string }>`
      select bill_id, sum(amount_minor)::text as total from payments.payment_allocation
       where vend_id = any(${vends.map((vend) => vend.id)}::uuid[]) and status = 'active'
       group by bill_id`.execute(database().db);
    expect(new Map(allocated.rows.map((row) => [row.bill_id, row.total]))).toEqual(
      new Map([
        [older.billId, '200'],
        [newer.billId, '300'],
      ]),
    );
    for (const vend of vends) {
      const rows = await allocationsOfVend(vend.id);
      expect(rows.reduce((sum, row) => sum + BigInt(row.amount_minor), 0n)).toBe(recovered(vend));
    }
    const totals = await assertLedgerConsistent(db, company.companyId, first.accountId);
    expect(totals).toEqual({ balanceMinor: 0n, creditMinor: 0n, openItemsTotalMinor: 0n });
  });

  const giveDebt = (accountId: string, amountMinor: bigint): Promise<void> =>
    insertOpeningDebt(database().db, company.companyId, accountId, { amountMinor, currency: 'ZAR' });

  function soldVend(outcome: VendOutcome | undefined): Vend {
    if (outcome?.kind !== 'sold') throw new Error(`Expected a sold vend, got ${JSON.stringify(outcome)}.`);
    return outcome.result.vend;
  }
});
