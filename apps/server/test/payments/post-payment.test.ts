import { randomUUID } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { expect, it } from 'vitest';
import { listOpenItems } from '../../src/modules/ledger/index.js';
import {
  allocateAccountCredit,
  getPayment,
  postPayment,
  type PaymentRequest,
} from '../../src/modules/payments/index.js';
import { systemContext, type Db } from '../../src/platform/context/request-context.js';
import { AppError } from '../../src/platform/errors/app-error.js';
import { insertAccount, insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { insertMeteredAccount, insertTariff } from '../support/factories/metered-account.js';
import { insertIssuedBill } from '../support/factories/payments.js';
import { assertLedgerConsistent } from '../support/ledger-invariants.js';
import { describeEachDatabase } from '../support/test-database.js';

async function setUp(db: Db): Promise<{ company: CompanyFixture; accountId: string }> {
  const company = await insertCompany(db);
  // Opened before the payments these tests date in March 2026, which a payment may not precede.
  const { accountId } = await insertAccount(db, company, { createdAt: new Date('2026-01-01T12:00:00Z') });
  return { company, accountId };
}

function paymentRequest(
  accountId: string,
  amountMinor: bigint,
  overrides: Partial<PaymentRequest> = {},
): PaymentRequest {
  return {
    accountId,
    amountMinor,
    currency: 'EUR',
    receivedOn: '2026-03-10',
    method: 'transfer',
    reference: 'REF-1',
    idempotencyKey: randomUUID(),
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describeEachDatabase('postPayment', (database) => {
  it('allocates oldest first across three bills', async () => {
    const { db } = database();
    const { company, accountId } = await setUp(db);
    const context = systemContext(company.companyId);
    // Inserted out of order: C is due last, A and B share a due date and B was issued first.
    const c = await insertIssuedBill(db, company, accountId, {
      totalMinor: 3000n,
      issueDate: '2026-02-01',
      dueDate: '2026-02-21',
      invoiceNumber: 'INV-3',
    });
    const a = await insertIssuedBill(db, company, accountId, {
      totalMinor: 1000n,
      issueDate: '2026-01-05',
      dueDate: '2026-01-25',
      invoiceNumber: 'INV-1',
    });
    const b = await insertIssuedBill(db, company, accountId, {
      totalMinor: 2000n,
      issueDate: '2026-01-02',
      dueDate: '2026-01-25',
      invoiceNumber: 'INV-2',
    });

    const { payment, replayed } = await postPayment(db, context, paymentRequest(accountId, 4500n));

    expect(replayed).toBe(false);
    expect(payment.allocations.map((allocation) => [allocation.billId, allocation.amountMinor])).toEqual([
      [b.billId, 2000n],
      [a.billId, 1000n],
      [c.billId, 1500n],
    ]);
    expect(payment.allocatedMinor).toBe(4500n);
    expect(payment.unallocatedMinor).toBe(0n);
    const open = await listOpenItems(db, company.companyId, accountId, '2026-03-10');
    expect(open.map((item) => [item.billId, item.outstandingMinor])).toEqual([[c.billId, 1500n]]);
    const { balanceMinor } = await assertLedgerConsistent(db, company.companyId, accountId);
    expect(balanceMinor).toBe(1500n);
  });

  it('partial payment leaves the rest open', async () => {
    const { db } = database();
    const { company, accountId } = await setUp(db);
    const bill = await insertIssuedBill(db, company, accountId, {
      totalMinor: 10_000n,
      issueDate: '2026-01-10',
      dueDate: '2026-01-30',
    });

    const { payment } = await postPayment(
      db,
      systemContext(company.companyId),
      paymentRequest(accountId, 2_550n),
    );

    expect(payment.allocations).toHaveLength(1);
    expect(payment.allocations[0]!.billId).toBe(bill.billId);
    expect(payment.allocations[0]!.amountMinor).toBe(2_550n);
    const [item] = await listOpenItems(db, company.companyId, accountId, '2026-03-10');
    expect(item?.outstandingMinor).toBe(7_450n);
    expect(item?.allocatedMinor).toBe(2_550n);
    expect(item?.daysOverdue).toBe(39);
    expect(item?.ageingBucket).toBe('31-60');
    const totals = await assertLedgerConsistent(db, company.companyId, accountId);
    expect(totals.balanceMinor).toBe(7_450n);
    expect(totals.creditMinor).toBe(0n);
  });

  it('retry with the same key returns the original result', async () => {
    const { db } = database();
    const { company, accountId } = await setUp(db);
    await insertIssuedBill(db, company, accountId, {
      totalMinor: 700n,
      issueDate: '2026-01-10',
      dueDate: '2026-01-30',
    });
    await insertIssuedBill(db, company, accountId, {
      totalMinor: 900n,
      issueDate: '2026-02-10',
      dueDate: '2026-03-02',
    });
    const request = paymentRequest(accountId, 1000n);
    const context = systemContext(company.companyId);

    const first = await postPayment(db, context, request);
    const second = await postPayment(db, context, { ...request });

    expect(first.replayed).toBe(false);
    expect(second.replayed).toBe(true);
    expect(second.payment).toEqual(first.payment);
    const payments = await db
      .selectFrom('payments.payment')
      .select('id')
      .where('company_id', '=', company.companyId)
      .execute();
    expect(payments).toHaveLength(1);
    const postings = await db
      .selectFrom('ledger.posting')
      .select('id')
      .where('company_id', '=', company.companyId)
      .where('kind', '=', 'payment')
      .execute();
    expect(postings).toHaveLength(1);
    const { balanceMinor } = await assertLedgerConsistent(db, company.companyId, accountId);
    expect(balanceMinor).toBe(600n);
  });

  it('retry without receivedOn matches the first request', async () => {
    const { db } = database();
    const { company, accountId } = await setUp(db);
    const request = paymentRequest(accountId, 1000n, { receivedOn: undefined });
    const context = systemContext(company.companyId);

    const first = await postPayment(db, context, request);
    const second = await postPayment(db, context, request);

    expect(second.replayed).toBe(true);
    expect(second.payment.id).toBe(first.payment.id);
    expect(first.payment.receivedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await assertLedgerConsistent(db, company.companyId, accountId);
  });

  it('reused key with a different body is a conflict', async () => {
    const { db } = database();
    const { company, accountId } = await setUp(db);
    const context = systemContext(company.companyId);
    const request = paymentRequest(accountId, 1000n);
    const first = await postPayment(db, context, request);

    for (const changed of [
      { amountMinor: 1001n },
      { reference: 'REF-2' },
      { receivedOn: '2026-03-11' },
      { method: 'cash' as const },
    ]) {
      const error = await rejection(postPayment(db, context, { ...request, ...changed }));
      expect(error.kind).toBe('conflict');
      expect(error.code).toBe('PAYMENTS.IDEMPOTENCY_KEY_REUSED');
      expect(error.message).toContain(first.payment.id);
    }
    const count = await db
      .selectFrom('payments.payment')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('company_id', '=', company.companyId)
      .executeTakeFirstOrThrow();
    expect(count.count).toBe('1');
    await assertLedgerConsistent(db, company.companyId, accountId);
  });

  it('overpayment stays as credit until a new bill', async () => {
    const { db } = database();
    const { company, accountId } = await setUp(db);
    const context = systemContext(company.companyId);
    await insertIssuedBill(db, company, accountId, {
      totalMinor: 4000n,
      issueDate: '2026-01-10',
      dueDate: '2026-01-30',
    });

    const { payment } = await postPayment(db, context, paymentRequest(accountId, 10_000n));

    expect(payment.allocatedMinor).toBe(4000n);
    expect(payment.unallocatedMinor).toBe(6000n);
    const afterPayment = await assertLedgerConsistent(db, company.companyId, accountId);
    expect(afterPayment.balanceMinor).toBe(-6000n);
    expect(afterPayment.creditMinor).toBe(6000n);
    expect(afterPayment.openItemsTotalMinor).toBe(0n);

    const next = await insertIssuedBill(db, company, accountId, {
      totalMinor: 2500n,
      issueDate: '2026-02-10',
      dueDate: '2026-03-02',
    });
    const beforeAllocation = await assertLedgerConsistent(db, company.companyId, accountId);
    expect(beforeAllocation.openItemsTotalMinor).toBe(2500n);
    expect(beforeAllocation.creditMinor).toBe(6000n);

    const result = await db.transaction().execute((trx) => allocateAccountCredit(trx, context, accountId));

    expect(
      result.allocations.map((allocation) => [
        allocation.paymentId,
        allocation.billId,
        allocation.amountMinor,
      ]),
    ).toEqual([[payment.id, next.billId, 2500n]]);
    const afterAllocation = await assertLedgerConsistent(db, company.companyId, accountId);
    expect(afterAllocation.balanceMinor).toBe(-3500n);
    expect(afterAllocation.creditMinor).toBe(3500n);
    expect(afterAllocation.openItemsTotalMinor).toBe(0n);
    const reloaded = await getPayment(db, company.companyId, payment.id);
    expect(reloaded.unallocatedMinor).toBe(3500n);

    const again = await db.transaction().execute((trx) => allocateAccountCredit(trx, context, accountId));
    expect(again.allocations).toEqual([]);
  });

  it('writes audit rows and outbox events', async () => {
    const { db } = database();
    const { company, accountId } = await setUp(db);
    const bill = await insertIssuedBill(db, company, accountId, {
      totalMinor: 500n,
      issueDate: '2026-01-10',
      dueDate: '2026-01-30',
    });

    const { payment } = await postPayment(
      db,
      systemContext(company.companyId),
      paymentRequest(accountId, 800n),
    );

    const audit = await db
      .selectFrom('platform.audit_event')
      .select(['entity_type', 'entity_id', 'action'])
      .where('company_id', '=', company.companyId)
      .where('entity_type', 'in', ['payment', 'payment_allocation'])
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { entity_type: 'payment', entity_id: payment.id, action: 'create' },
      { entity_type: 'payment_allocation', entity_id: payment.allocations[0]!.id, action: 'create' },
    ]);
    const events = await db
      .selectFrom('platform.outbox_event')
      .select(['event_type', 'aggregate_id', 'payload'])
      .where('company_id', '=', company.companyId)
      .orderBy('id')
      .execute();
    expect(events.map((event) => event.event_type)).toEqual(['payment.posted', 'payment.allocated']);
    expect(events[0]!.payload).toMatchObject({ paymentId: payment.id, amountMinor: '800', currency: 'EUR' });
    expect(events[1]!.payload).toMatchObject({
      paymentId: payment.id,
      allocations: [{ billId: bill.billId, amountMinor: '500' }],
    });
  });

  it('rejects bad input and writes nothing', async () => {
    const { db } = database();
    const { company, accountId } = await setUp(db);
    const context = systemContext(company.companyId);

    const zero = await rejection(postPayment(db, context, paymentRequest(accountId, 0n)));
    expect(zero.kind).toBe('validation');
    expect(zero.fields.map((field) => field.path)).toEqual(['amountMinor']);

    const currency = await rejection(
      postPayment(db, context, paymentRequest(accountId, 100n, { currency: 'USD' })),
    );
    expect(currency.kind).toBe('rule-violation');
    expect(currency.code).toBe('PAYMENTS.CURRENCY_MISMATCH');

    const otherCompany = await insertCompany(db);
    const foreign = await insertAccount(db, otherCompany);
    const missing = await rejection(postPayment(db, context, paymentRequest(foreign.accountId, 100n)));
    expect(missing.kind).toBe('not-found');
    expect(missing.code).toBe('PAYMENTS.ACCOUNT_NOT_FOUND');

    const badDate = await rejection(
      postPayment(db, context, paymentRequest(accountId, 100n, { receivedOn: '2026-02-30' })),
    );
    expect(badDate.fields.map((field) => field.path)).toEqual(['receivedOn']);

    const badKey = await rejection(
      postPayment(db, context, paymentRequest(accountId, 100n, { idempotencyKey: 'has space' })),
    );
    expect(badKey.fields.map((field) => field.path)).toEqual(['idempotencyKey']);

    const written = await db
      .selectFrom('payments.payment')
      .select('id')
      .where('company_id', 'in', [company.companyId, otherCompany.companyId])
      .execute();
    expect(written).toEqual([]);
    await assertLedgerConsistent(db, company.companyId, accountId);
  });

  it('rejects receivedOn after today in the company time zone', async () => {
    const { db } = database();
    const { company, accountId } = await setUp(db);
    const context = systemContext(company.companyId);
    // 23:30 UTC on 10 March is already 00:30 on 11 March in Europe/Madrid, the company's time zone.
    const now = () => Temporal.Instant.from('2026-03-10T23:30:00Z');

    const today = await postPayment(
      db,
      context,
      paymentRequest(accountId, 100n, { receivedOn: '2026-03-11' }),
      {
        now,
      },
    );
    const future = await rejection(
      postPayment(db, context, paymentRequest(accountId, 100n, { receivedOn: '2026-03-12' }), { now }),
    );
    const farFuture = await rejection(
      postPayment(db, context, paymentRequest(accountId, 100n, { receivedOn: '2099-01-01' }), { now }),
    );

    expect(today.payment.receivedOn).toBe('2026-03-11');
    expect(future.kind).toBe('rule-violation');
    expect(future.code).toBe('PAYMENTS.RECEIVED_ON_IN_FUTURE');
    expect(future.fields.map((field) => field.path)).toEqual(['receivedOn']);
    expect(future.message).toContain('2026-03-12');
    expect(future.message).toContain('2026-03-11');
    expect(farFuture.message).toContain('2099-01-01');
    const { balanceMinor } = await assertLedgerConsistent(db, company.companyId, accountId);
    expect(balanceMinor).toBe(-100n);
  });

  it('rejects receivedOn before the account opened', async () => {
    const { db } = database();
    const { company, accountId } = await setUp(db);
    const context = systemContext(company.companyId);
    const now = () => Temporal.Instant.from('2026-03-10T10:00:00Z');

    const opening = await postPayment(
      db,
      context,
      paymentRequest(accountId, 100n, { receivedOn: '2026-01-01' }),
      { now },
    );
    const before = await rejection(
      postPayment(db, context, paymentRequest(accountId, 100n, { receivedOn: '1999-01-01' }), { now }),
    );

    expect(opening.payment.receivedOn).toBe('2026-01-01');
    expect(before.kind).toBe('rule-violation');
    expect(before.code).toBe('PAYMENTS.RECEIVED_ON_BEFORE_OPENING');
    expect(before.fields).toEqual([
      { path: 'receivedOn', message: 'Expected a date from 2026-01-01 to 2026-03-10, got 1999-01-01.' },
    ]);
    const { balanceMinor } = await assertLedgerConsistent(db, company.companyId, accountId);
    expect(balanceMinor).toBe(-100n);
  });

  it('accepts receivedOn from before creation with older postings', async () => {
    const { db } = database();
    const { company, accountId } = await setUp(db);
    const context = systemContext(company.companyId);
    // A migrated account: its history starts before the row was created here.
    await insertIssuedBill(db, company, accountId, {
      totalMinor: 500n,
      issueDate: '2025-06-01',
      dueDate: '2025-06-21',
    });

    const result = await postPayment(
      db,
      context,
      paymentRequest(accountId, 500n, { receivedOn: '2025-06-10' }),
    );

    expect(result.payment.receivedOn).toBe('2025-06-10');
  });

  it('accepts receivedOn from the first agreement start', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const context = systemContext(company.companyId);
    const tariffId = await insertTariff(db, company.companyId);
    // Created today, but supplied since its agreement started, as a migrated account is.
    const { accountId } = await insertMeteredAccount(db, company, tariffId, { startOn: '2025-06-01' });

    const result = await postPayment(
      db,
      context,
      paymentRequest(accountId, 500n, { receivedOn: '2025-06-01' }),
    );
    const before = await rejection(
      postPayment(db, context, paymentRequest(accountId, 500n, { receivedOn: '2025-05-31' })),
    );

    expect(result.payment.receivedOn).toBe('2025-06-01');
    expect(before.code).toBe('PAYMENTS.RECEIVED_ON_BEFORE_OPENING');
  });

  it('replay on a later day still matches', async () => {
    const { db } = database();
    const { company, accountId } = await setUp(db);
    const context = systemContext(company.companyId);
    const dated = paymentRequest(accountId, 100n, { receivedOn: '2026-03-11' });
    const undated = paymentRequest(accountId, 200n, { receivedOn: undefined });
    const firstDay = () => Temporal.Instant.from('2026-03-11T10:00:00Z');
    const nextDay = () => Temporal.Instant.from('2026-03-12T10:00:00Z');

    const first = await postPayment(db, context, dated, { now: firstDay });
    const replay = await postPayment(db, context, dated, { now: nextDay });
    const firstUndated = await postPayment(db, context, undated, { now: firstDay });
    const replayUndated = await postPayment(db, context, undated, { now: nextDay });

    expect(replay.replayed).toBe(true);
    expect(replay.payment.id).toBe(first.payment.id);
    expect(firstUndated.payment.receivedOn).toBe('2026-03-11');
    expect(replayUndated.replayed).toBe(true);
    expect(replayUndated.payment.receivedOn).toBe('2026-03-11');
  });

  it('caps the amount at 10^12 minor units', async () => {
    const { db } = database();
    const { company, accountId } = await setUp(db);
    const context = systemContext(company.companyId);

    const atCap = await postPayment(db, context, paymentRequest(accountId, 1_000_000_000_000n));
    for (const amountMinor of [1_000_000_000_001n, 9_223_372_036_854_775_807n]) {
      const error = await rejection(postPayment(db, context, paymentRequest(accountId, amountMinor)));
      expect(error.kind).toBe('validation');
      expect(error.fields.map((field) => field.path)).toEqual(['amountMinor']);
      expect(error.message).toContain('at most 1000000000000 minor units');
      expect(error.message).toContain(amountMinor.toString());
    }

    expect(atCap.payment.amountMinor).toBe(1_000_000_000_000n);
    const { balanceMinor } = await assertLedgerConsistent(db, company.companyId, accountId);
    expect(balanceMinor).toBe(-1_000_000_000_000n);
  });

  it('concurrent posts with one key make one payment', async () => {
    const { db } = database();
    const { company, accountId } = await setUp(db);
    await insertIssuedBill(db, company, accountId, {
      totalMinor: 3000n,
      issueDate: '2026-01-10',
      dueDate: '2026-01-30',
    });
    const request = paymentRequest(accountId, 1200n);
    const context = systemContext(company.companyId);

    const results = await Promise.all(Array.from({ length: 6 }, () => postPayment(db, context, request)));

    expect(new Set(results.map((result) => result.payment.id)).size).toBe(1);
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    for (const result of results) expect(result.payment).toEqual(results[0]!.payment);
    const stored = await db
      .selectFrom('payments.payment')
      .select('id')
      .where('company_id', '=', company.companyId)
      .execute();
    expect(stored).toHaveLength(1);
    const { balanceMinor } = await assertLedgerConsistent(db, company.companyId, accountId);
    expect(balanceMinor).toBe(1800n);
  });

  it('concurrent payments never over-allocate a bill', async () => {
    const { db } = database();
    const { company, accountId } = await setUp(db);
    const bill = await insertIssuedBill(db, company, accountId, {
      totalMinor: 1000n,
      issueDate: '2026-01-10',
      dueDate: '2026-01-30',
    });
    const context = systemContext(company.companyId);

    const results = await Promise.all(
      Array.from({ length: 5 }, () => postPayment(db, context, paymentRequest(accountId, 400n))),
    );

    const allocated = results.reduce((sum, result) => sum + result.payment.allocatedMinor, 0n);
    expect(allocated).toBe(1000n);
    expect(results.every((result) => result.payment.allocations.every((a) => a.billId === bill.billId))).toBe(
      true,
    );
    const totals = await assertLedgerConsistent(db, company.companyId, accountId);
    expect(totals.balanceMinor).toBe(-1000n);
    expect(totals.creditMinor).toBe(1000n);
  });
});
