import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import {
  getAccountCredit,
  getAccountStatement,
  getAccountSummary,
  listOpenItems,
  listPostings,
} from '../../src/modules/ledger/index.js';
import { allocateCreditForAccounts, postPayment } from '../../src/modules/payments/index.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import { AppError } from '../../src/platform/errors/app-error.js';
import { insertAccount, insertCompany } from '../support/factories/company.js';
import { insertCreditNote, insertIssuedBill } from '../support/factories/payments.js';
import { assertLedgerConsistent } from '../support/ledger-invariants.js';
import { describeEachDatabase } from '../support/test-database.js';

describeEachDatabase('ledger read side', (database) => {
  it('ages open items as of a date', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const { accountId } = await insertAccount(db, company);
    for (const [dueDate, totalMinor] of [
      ['2026-06-30', 100n],
      ['2026-06-01', 200n],
      ['2026-05-01', 300n],
      ['2026-04-01', 400n],
      ['2026-03-01', 500n],
    ] as const) {
      await insertIssuedBill(db, company, accountId, { totalMinor, issueDate: '2026-01-01', dueDate });
    }

    const items = await listOpenItems(db, company.companyId, accountId, '2026-06-30');
    const summary = await getAccountSummary(db, company.companyId, accountId, '2026-06-30');

    expect(items.map((item) => [item.dueDate, item.daysOverdue, item.ageingBucket])).toEqual([
      ['2026-03-01', 121, '90+'],
      ['2026-04-01', 90, '61-90'],
      ['2026-05-01', 60, '31-60'],
      ['2026-06-01', 29, '1-30'],
      ['2026-06-30', 0, 'current'],
    ]);
    expect(summary.ageing).toEqual({
      current: 100n,
      '1-30': 200n,
      '31-60': 300n,
      '61-90': 400n,
      '90+': 500n,
    });
    expect(summary.account.currency).toBe('EUR');
    await assertLedgerConsistent(db, company.companyId, accountId);
  });

  it('credit note on a paid invoice becomes credit', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const { accountId } = await insertAccount(db, company);
    const context = systemContext(company.companyId);
    const paid = await insertIssuedBill(db, company, accountId, {
      totalMinor: 1200n,
      issueDate: '2026-01-10',
      dueDate: '2026-01-30',
    });
    await postPayment(db, context, {
      accountId,
      amountMinor: 1000n,
      currency: 'EUR',
      receivedOn: '2026-02-01',
      method: 'transfer',
      idempotencyKey: randomUUID(),
    });

    await insertCreditNote(db, company, accountId, paid, '2026-02-05');

    const afterCredit = await assertLedgerConsistent(db, company.companyId, accountId);
    expect(afterCredit.creditMinor).toBe(1000n);
    expect(afterCredit.balanceMinor).toBe(-1000n);
    expect(afterCredit.openItemsTotalMinor).toBe(0n);

    const rebill = await insertIssuedBill(db, company, accountId, {
      totalMinor: 1100n,
      issueDate: '2026-02-05',
      dueDate: '2026-02-25',
    });
    const result = await db
      .transaction()
      .execute((trx) => allocateCreditForAccounts(trx, context, [accountId]));

    expect(result.released.map((allocation) => [allocation.billId, allocation.amountMinor])).toEqual([
      [paid.billId, 1000n],
    ]);
    expect(result.allocations.map((allocation) => [allocation.billId, allocation.amountMinor])).toEqual([
      [rebill.billId, 1000n],
    ]);
    const afterRebill = await assertLedgerConsistent(db, company.companyId, accountId);
    expect(afterRebill.balanceMinor).toBe(100n);
    expect(afterRebill.creditMinor).toBe(0n);
    expect(await getAccountCredit(db, company.companyId, accountId)).toBe(0n);
  });

  it('allocates credit for many accounts at once', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const context = systemContext(company.companyId);
    const openedOn = new Date('2025-12-01T12:00:00Z');
    const accounts = await Promise.all(
      [1, 2, 3].map(() => insertAccount(db, company, { createdAt: openedOn })),
    );
    for (const { accountId } of accounts) {
      await postPayment(db, context, {
        accountId,
        amountMinor: 500n,
        currency: 'EUR',
        receivedOn: '2026-01-01',
        method: 'card',
        idempotencyKey: randomUUID(),
      });
      await insertIssuedBill(db, company, accountId, {
        totalMinor: 800n,
        issueDate: '2026-01-10',
        dueDate: '2026-01-30',
      });
    }

    const result = await db
      .transaction()
      .execute((trx) =>
        allocateCreditForAccounts(trx, context, [...accounts.map((a) => a.accountId), randomUUID()]),
      );

    expect(result.allocations).toHaveLength(3);
    for (const { accountId } of accounts) {
      const totals = await assertLedgerConsistent(db, company.companyId, accountId);
      expect(totals.balanceMinor).toBe(300n);
      expect(totals.openItemsTotalMinor).toBe(300n);
    }
  });

  it('statement runs the balance in date order', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const { accountId } = await insertAccount(db, company);
    const context = systemContext(company.companyId);
    await insertIssuedBill(db, company, accountId, {
      totalMinor: 5000n,
      issueDate: '2026-02-01',
      dueDate: '2026-02-21',
    });
    await insertIssuedBill(db, company, accountId, {
      totalMinor: 3000n,
      issueDate: '2026-01-01',
      dueDate: '2026-01-21',
    });
    await postPayment(db, context, {
      accountId,
      amountMinor: 2000n,
      currency: 'EUR',
      receivedOn: '2026-01-15',
      method: 'transfer',
      idempotencyKey: randomUUID(),
    });

    const full = await getAccountStatement(db, company.companyId, accountId);
    const february = await getAccountStatement(db, company.companyId, accountId, {
      from: '2026-02-01',
      to: '2026-02-28',
    });

    expect(
      full.entries.map((entry) => [
        entry.accountingDate,
        entry.kind,
        entry.amountMinor,
        entry.runningBalanceMinor,
      ]),
    ).toEqual([
      ['2026-01-01', 'bill', 3000n, 3000n],
      ['2026-01-15', 'payment', -2000n, 1000n],
      ['2026-02-01', 'bill', 5000n, 6000n],
    ]);
    expect(full.closingBalanceMinor).toBe(6000n);
    expect(february.openingBalanceMinor).toBe(1000n);
    expect(february.entries).toHaveLength(1);
    expect(february.closingBalanceMinor).toBe(6000n);
    const bad = await getAccountStatement(db, company.companyId, accountId, {
      from: '2026-03-01',
      to: '2026-02-01',
    }).catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(AppError);
    await assertLedgerConsistent(db, company.companyId, accountId);
  });

  it('pages postings with their lines', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const { accountId } = await insertAccount(db, company);
    for (let month = 1; month <= 5; month += 1) {
      const issueDate = `2026-0${month}-01`;
      await insertIssuedBill(db, company, accountId, {
        totalMinor: BigInt(month * 100),
        issueDate,
        dueDate: issueDate,
      });
    }

    const first = await listPostings(db, company.companyId, accountId, { limit: 2 });
    const second = await listPostings(db, company.companyId, accountId, {
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });
    const third = await listPostings(db, company.companyId, accountId, {
      limit: 2,
      cursor: second.nextCursor ?? undefined,
    });

    expect(
      [...first.items, ...second.items, ...third.items].map((posting) => posting.receivableMinor),
    ).toEqual([100n, 200n, 300n, 400n, 500n]);
    expect(third.nextCursor).toBeNull();
    expect(first.items[0]!.lines.map((line) => [line.ledgerAccount, line.amountMinor])).toEqual([
      ['receivable', 100n],
      ['revenue:energy', -100n],
    ]);
    const badCursor = await listPostings(db, company.companyId, accountId, {
      limit: 2,
      cursor: randomUUID(),
    }).catch((error: unknown) => error);
    expect((badCursor as AppError).code).toBe('LEDGER.INVALID_CURSOR');
  });

  it('unknown account is not found', async () => {
    const { db } = database();
    const company = await insertCompany(db);

    const error = await listOpenItems(db, company.companyId, randomUUID(), '2026-01-01').catch(
      (reason: unknown) => reason,
    );

    expect((error as AppError).kind).toBe('not-found');
    const malformed = await listOpenItems(db, company.companyId, 'not-a-uuid', '2026-01-01').catch(
      (reason: unknown) => reason,
    );
    expect((malformed as AppError).kind).toBe('validation');
  });
});
