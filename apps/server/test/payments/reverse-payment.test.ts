import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { findPostingBySource, listOpenItems } from '../../src/modules/ledger/index.js';
import { getPayment, postPayment, reversePayment } from '../../src/modules/payments/index.js';
import { systemContext, type Db } from '../../src/platform/context/request-context.js';
import { AppError } from '../../src/platform/errors/app-error.js';
import { insertAccount, insertCompany, type CompanyFixture } from '../support/factories/company.js';
import { insertIssuedBill } from '../support/factories/payments.js';
import { assertLedgerConsistent } from '../support/ledger-invariants.js';
import { describeEachDatabase } from '../support/test-database.js';

async function paidAccount(
  db: Db,
): Promise<{ company: CompanyFixture; accountId: string; paymentId: string }> {
  const company = await insertCompany(db);
  const { accountId } = await insertAccount(db, company);
  await insertIssuedBill(db, company, accountId, {
    totalMinor: 1500n,
    issueDate: '2026-01-10',
    dueDate: '2026-01-30',
  });
  await insertIssuedBill(db, company, accountId, {
    totalMinor: 2500n,
    issueDate: '2026-02-10',
    dueDate: '2026-03-02',
  });
  const { payment } = await postPayment(db, systemContext(company.companyId), {
    accountId,
    amountMinor: 3000n,
    currency: 'EUR',
    receivedOn: '2026-03-05',
    method: 'cheque',
    reference: 'CHQ-77',
    idempotencyKey: randomUUID(),
  });
  return { company, accountId, paymentId: payment.id };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describeEachDatabase('reversePayment', (database) => {
  it('re-opens items and restores the balance', async () => {
    const { db } = database();
    const { company, accountId, paymentId } = await paidAccount(db);
    const before = await assertLedgerConsistent(db, company.companyId, accountId);
    expect(before.balanceMinor).toBe(1000n);

    const { payment, replayed } = await reversePayment(db, systemContext(company.companyId), {
      paymentId,
      reason: 'Cheque bounced',
      reversedOn: '2026-03-12',
    });

    expect(replayed).toBe(false);
    expect(payment.status).toBe('reversed');
    expect(payment.reversalReason).toBe('Cheque bounced');
    expect(payment.allocations.map((allocation) => allocation.status)).toEqual(['released', 'released']);
    expect(payment.unallocatedMinor).toBe(0n);
    const open = await listOpenItems(db, company.companyId, accountId, '2026-03-12');
    expect(open.map((item) => item.outstandingMinor)).toEqual([1500n, 2500n]);
    const after = await assertLedgerConsistent(db, company.companyId, accountId);
    expect(after.balanceMinor).toBe(4000n);
    expect(after.creditMinor).toBe(0n);
  });

  it('reversal posting mirrors the payment posting', async () => {
    const { db } = database();
    const { company, paymentId } = await paidAccount(db);

    await reversePayment(db, systemContext(company.companyId), { paymentId, reason: 'Wrong account' });

    const original = await findPostingBySource(db, company.companyId, 'payment', paymentId);
    const reversal = await findPostingBySource(db, company.companyId, 'payment-reversal', paymentId);
    expect(reversal?.lines.map((line) => [line.ledgerAccount, line.accountId, line.amountMinor])).toEqual(
      original?.lines.map((line) => [line.ledgerAccount, line.accountId, -line.amountMinor]),
    );
  });

  it('reversing twice is a conflict', async () => {
    const { db } = database();
    const { company, accountId, paymentId } = await paidAccount(db);
    const context = systemContext(company.companyId);
    await reversePayment(db, context, { paymentId, reason: 'Cheque bounced' });

    const error = await rejection(reversePayment(db, context, { paymentId, reason: 'Cheque bounced' }));

    expect(error.kind).toBe('conflict');
    expect(error.code).toBe('PAYMENTS.PAYMENT_ALREADY_REVERSED');
    const reversals = await db
      .selectFrom('ledger.posting')
      .select('id')
      .where('company_id', '=', company.companyId)
      .where('kind', '=', 'payment-reversal')
      .execute();
    expect(reversals).toHaveLength(1);
    await assertLedgerConsistent(db, company.companyId, accountId);
  });

  it('rejects a reversal dated after today', async () => {
    const { db } = database();
    const { company, accountId, paymentId } = await paidAccount(db);
    const context = systemContext(company.companyId);

    const error = await rejection(
      reversePayment(db, context, { paymentId, reason: 'Cheque bounced', reversedOn: '2099-01-01' }),
    );

    expect(error.code).toBe('PAYMENTS.REVERSAL_IN_FUTURE');
    expect(error.fields[0]?.path).toBe('reversedOn');
    expect((await getPayment(db, company.companyId, paymentId)).status).toBe('posted');
    await assertLedgerConsistent(db, company.companyId, accountId);
  });

  it('concurrent reversals reverse once', async () => {
    const { db } = database();
    const { company, accountId, paymentId } = await paidAccount(db);
    const context = systemContext(company.companyId);

    const outcomes = await Promise.allSettled(
      Array.from({ length: 4 }, () => reversePayment(db, context, { paymentId, reason: 'Duplicate' })),
    );

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        expect((outcome.reason as AppError).code).toBe('PAYMENTS.PAYMENT_ALREADY_REVERSED');
      }
    }
    const { balanceMinor } = await assertLedgerConsistent(db, company.companyId, accountId);
    expect(balanceMinor).toBe(4000n);
  });

  it('retried reversal with its key is replayed', async () => {
    const { db } = database();
    const { company, accountId, paymentId } = await paidAccount(db);
    const context = systemContext(company.companyId);
    const request = { paymentId, reason: 'Cheque bounced', idempotencyKey: randomUUID() };

    const first = await reversePayment(db, context, request);
    const second = await reversePayment(db, context, request);

    expect(second.replayed).toBe(true);
    expect(second.payment).toEqual(first.payment);
    const changed = await rejection(reversePayment(db, context, { ...request, reason: 'Another reason' }));
    expect(changed.code).toBe('PAYMENTS.IDEMPOTENCY_KEY_REUSED');
    await assertLedgerConsistent(db, company.companyId, accountId);
  });

  it('one key cannot reverse two payments', async () => {
    const { db } = database();
    const first = await paidAccount(db);
    const context = systemContext(first.company.companyId);
    const { accountId } = await insertAccount(db, first.company);
    const { payment: other } = await postPayment(db, context, {
      accountId,
      amountMinor: 100n,
      currency: 'EUR',
      method: 'cash',
      idempotencyKey: randomUUID(),
    });
    const key = randomUUID();
    await reversePayment(db, context, {
      paymentId: first.paymentId,
      reason: 'Duplicate',
      idempotencyKey: key,
    });

    const error = await rejection(
      reversePayment(db, context, { paymentId: other.id, reason: 'Duplicate', idempotencyKey: key }),
    );

    expect(error.code).toBe('PAYMENTS.IDEMPOTENCY_KEY_REUSED');
    expect((await getPayment(db, first.company.companyId, other.id)).status).toBe('posted');
    await assertLedgerConsistent(db, first.company.companyId, accountId);
  });

  it('rejects unknown payments and bad input', async () => {
    const { db } = database();
    const { company, accountId, paymentId } = await paidAccount(db);
    const context = systemContext(company.companyId);

    const missing = await rejection(reversePayment(db, context, { paymentId: randomUUID(), reason: 'x' }));
    expect(missing.kind).toBe('not-found');
    const blank = await rejection(reversePayment(db, context, { paymentId, reason: '  ' }));
    expect(blank.fields.map((field) => field.path)).toEqual(['reason']);
    const early = await rejection(
      reversePayment(db, context, { paymentId, reason: 'x', reversedOn: '2026-03-01' }),
    );
    expect(early.code).toBe('PAYMENTS.REVERSAL_BEFORE_PAYMENT');
    const otherCompany = await insertCompany(db);
    const foreign = await rejection(
      reversePayment(db, systemContext(otherCompany.companyId), { paymentId, reason: 'x' }),
    );
    expect(foreign.kind).toBe('not-found');
    expect((await getPayment(db, company.companyId, paymentId)).status).toBe('posted');
    await assertLedgerConsistent(db, company.companyId, accountId);
  });
});
