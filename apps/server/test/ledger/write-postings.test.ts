import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import {
  getAccountBalance,
  getAccountStatement,
  writePostings,
  type PostingDraft,
} from '../../src/modules/ledger/index.js';
import { systemContext } from '../../src/platform/context/request-context.js';
import { AppError } from '../../src/platform/errors/app-error.js';
import { insertAccount, insertCompany } from '../support/factories/company.js';
import { describeEachDatabase } from '../support/test-database.js';

function billPosting(accountId: string, amountMinor: bigint): PostingDraft {
  return {
    id: randomUUID(),
    accountId,
    kind: 'bill',
    sourceId: randomUUID(),
    accountingDate: '2026-01-31',
    description: 'Bill',
    currency: 'EUR',
    lines: [
      { ledgerAccount: 'receivable', accountId, amountMinor },
      { ledgerAccount: 'revenue:energy', accountId: null, amountMinor: -amountMinor },
    ],
  };
}

describeEachDatabase('ledger postings', (database) => {
  it('writes balanced postings in bulk', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const { accountId } = await insertAccount(db, company);
    const postings = Array.from({ length: 2_600 }, () => billPosting(accountId, 1234n));

    await db.transaction().execute((trx) => writePostings(trx, systemContext(company.companyId), postings));

    const balance = await db
      .selectFrom('ledger.posting_line')
      .select((eb) => eb.fn.sum<string>('amount_minor').as('total'))
      .where('company_id', '=', company.companyId)
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    expect(balance.total).toBe(String(2_600n * 1234n));
  });

  it('balance sums past the bigint range', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const { accountId } = await insertAccount(db, company);
    const nearBigintMax = 9_000_000_000_000_000_000n;

    await db
      .transaction()
      .execute((trx) =>
        writePostings(trx, systemContext(company.companyId), [
          billPosting(accountId, nearBigintMax),
          billPosting(accountId, nearBigintMax),
        ]),
      );

    // PostgreSQL sums bigint columns as numeric, so the total is exact although it exceeds 2^63 - 1.
    expect(await getAccountBalance(db, company.companyId, accountId)).toBe(2n * nearBigintMax);
    const statement = await getAccountStatement(db, company.companyId, accountId, {});
    expect(statement.closingBalanceMinor).toBe(2n * nearBigintMax);
  });

  it('rejects an unbalanced posting before writing', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const { accountId } = await insertAccount(db, company);
    const posting = billPosting(accountId, 100n);
    posting.lines[1]!.amountMinor = -99n;

    const write = db
      .transaction()
      .execute((trx) => writePostings(trx, systemContext(company.companyId), [posting]));

    await expect(write).rejects.toThrow(AppError);
    await expect(write).rejects.toThrow(/sum to 1 minor units/);
  });

  it('database rejects unbalanced lines written around the code', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const { accountId } = await insertAccount(db, company);
    const postingId = randomUUID();

    const write = db.transaction().execute(async (trx) => {
      await trx
        .insertInto('ledger.posting')
        .values({
          company_id: company.companyId,
          id: postingId,
          account_id: accountId,
          kind: 'adjustment',
          source_id: randomUUID(),
          accounting_date: '2026-01-01',
          description: 'x',
          currency: 'EUR',
        })
        .execute();
      await trx
        .insertInto('ledger.posting_line')
        .values({
          company_id: company.companyId,
          posting_id: postingId,
          line_number: 1,
          ledger_account: 'cash',
          account_id: null,
          amount_minor: '5',
        })
        .execute();
    });

    await expect(write).rejects.toThrow(/does not balance/);
    const stored = await db.selectFrom('ledger.posting').select('id').where('id', '=', postingId).execute();
    expect(stored).toEqual([]);
  });

  it('ledger rows cannot be updated or deleted', async () => {
    const { db } = database();
    const company = await insertCompany(db);
    const { accountId } = await insertAccount(db, company);
    await db
      .transaction()
      .execute((trx) => writePostings(trx, systemContext(company.companyId), [billPosting(accountId, 5n)]));

    await expect(sql`update ledger.posting_line set amount_minor = 0`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from ledger.posting`.execute(db)).rejects.toThrow(/append-only/);
  });
});
