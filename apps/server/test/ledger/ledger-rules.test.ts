import { describe, expect, it } from 'vitest';
import {
  compareOpenItems,
  computeAgeing,
  computeAllocations,
  type OutstandingInvoice,
} from '../../src/modules/ledger/index.js';

function invoice(
  billId: string,
  outstandingMinor: bigint,
  overrides: Partial<OutstandingInvoice> = {},
): OutstandingInvoice {
  return {
    billId,
    accountId: 'account-a',
    invoiceNumber: billId,
    issueDate: '2026-01-01',
    dueDate: '2026-01-21',
    currency: 'EUR',
    totalMinor: outstandingMinor,
    allocatedMinor: 0n,
    outstandingMinor,
    ...overrides,
  };
}

describe('computeAgeing', () => {
  it.each([
    ['2026-03-31', '2026-03-01', 0, 'current'],
    ['2026-03-31', '2026-03-31', 0, 'current'],
    ['2026-03-31', '2026-04-01', 1, '1-30'],
    ['2026-03-31', '2026-04-30', 30, '1-30'],
    ['2026-03-31', '2026-05-01', 31, '31-60'],
    ['2026-03-31', '2026-05-30', 60, '31-60'],
    ['2026-03-31', '2026-05-31', 61, '61-90'],
    ['2026-03-31', '2026-06-29', 90, '61-90'],
    ['2026-03-31', '2026-06-30', 91, '90+'],
    // Leap day: 2028-02-28 to 2028-03-01 is two days.
    ['2028-02-28', '2028-03-01', 2, '1-30'],
    ['2027-12-31', '2028-12-31', 366, '90+'],
  ] as const)('due %s on %s is %i days (%s)', (dueDate, asOf, days, bucket) => {
    expect(computeAgeing(dueDate, asOf)).toEqual({ daysOverdue: days, bucket });
  });
});

describe('compareOpenItems', () => {
  it('orders by due date, issue date, then number', () => {
    const items = [
      invoice('d', 1n, { dueDate: '2026-02-01', issueDate: '2026-01-01', invoiceNumber: 'INV-1' }),
      invoice('c', 1n, { dueDate: '2026-01-21', issueDate: '2026-01-02', invoiceNumber: 'INV-10' }),
      invoice('b', 1n, { dueDate: '2026-01-21', issueDate: '2026-01-02', invoiceNumber: 'INV-9' }),
      invoice('a', 1n, { dueDate: '2026-01-21', issueDate: '2026-01-01', invoiceNumber: 'INV-99' }),
    ];

    expect(items.sort(compareOpenItems).map((item) => item.billId)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('computeAllocations', () => {
  it('settles oldest items first and keeps the remainder', () => {
    const allocations = computeAllocations(
      [invoice('new', 500n, { dueDate: '2026-02-21' }), invoice('old', 300n)],
      [
        { paymentId: 'p1', accountId: 'account-a', unallocatedMinor: 200n },
        { paymentId: 'p2', accountId: 'account-a', unallocatedMinor: 1000n },
      ],
    );

    expect(allocations).toEqual([
      { paymentId: 'p1', billId: 'old', accountId: 'account-a', amountMinor: 200n },
      { paymentId: 'p2', billId: 'old', accountId: 'account-a', amountMinor: 100n },
      { paymentId: 'p2', billId: 'new', accountId: 'account-a', amountMinor: 500n },
    ]);
  });

  it('never crosses accounts', () => {
    const allocations = computeAllocations(
      [invoice('a-bill', 100n), invoice('b-bill', 100n, { accountId: 'account-b' })],
      [{ paymentId: 'p-b', accountId: 'account-b', unallocatedMinor: 150n }],
    );

    expect(allocations).toEqual([
      { paymentId: 'p-b', billId: 'b-bill', accountId: 'account-b', amountMinor: 100n },
    ]);
  });

  it('allocates nothing without items or money', () => {
    expect(
      computeAllocations([], [{ paymentId: 'p', accountId: 'account-a', unallocatedMinor: 5n }]),
    ).toEqual([]);
    expect(computeAllocations([invoice('x', 5n)], [])).toEqual([]);
  });
});
