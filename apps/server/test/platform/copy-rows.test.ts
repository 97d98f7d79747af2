import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { copyRows } from '../../src/platform/db/copy-rows.js';
import { findConstraintViolation } from '../../src/platform/db/constraint-violation.js';
import { describeEachDatabase } from '../support/test-database.js';

const columns = {
  id: 'integer',
  label: 'text',
  amount: 'numeric',
  flag: 'boolean',
  detail: 'jsonb',
} as const;

describeEachDatabase('copyRows', (database) => {
  // Few rows go in one INSERT and many through COPY, so each case runs with both.
  it.each([0, 600])('keeps special characters and nulls (%i more rows)', async (padding) => {
    const { db } = database();
    const stored = await db.transaction().execute(async (trx) => {
      await sql`create temp table copy_probe (id integer primary key, label text, amount numeric, flag boolean, detail jsonb) on commit drop`.execute(
        trx,
      );
      await copyRows(trx, 'pg_temp.copy_probe', columns, [
        {
          id: 1,
          label: 'tab\there, line\nbreak, back\\slash, \\N, carriage\rreturn, ñ and €',
          amount: '12.345',
          flag: true,
          detail: { formula: 'a\tb\\c "quoted"\n', values: [1, null] },
        },
        { id: 2, label: null, amount: null, flag: false, detail: null },
        ...Array.from({ length: padding }, (_, index) => ({
          id: 100 + index,
          label: `row ${index}`,
          amount: BigInt(index),
          flag: false,
          detail: [index],
        })),
      ]);
      const result = await sql<{
        id: number;
        label: string | null;
        amount: string | null;
        flag: boolean;
        detail: unknown;
      }>`select id, label, amount, flag, detail from copy_probe where id < 100 order by id`.execute(trx);
      return result.rows;
    });

    expect(stored[0]?.label).toBe('tab\there, line\nbreak, back\\slash, \\N, carriage\rreturn, ñ and €');
    expect(stored[0]?.amount).toBe('12.345');
    expect(stored[0]?.flag).toBe(true);
    expect(stored[0]?.detail).toEqual({ formula: 'a\tb\\c "quoted"\n', values: [1, null] });
    expect(stored[1]).toEqual({ id: 2, label: null, amount: null, flag: false, detail: null });
  });

  it.each([0, 600])('reports a duplicate key as a constraint violation (%i more rows)', async (padding) => {
    const { db } = database();
    const attempt = db.transaction().execute(async (trx) => {
      await sql`create temp table copy_probe (id integer primary key, label text, amount numeric, flag boolean, detail jsonb) on commit drop`.execute(
        trx,
      );
      await copyRows(trx, 'pg_temp.copy_probe', columns, [
        { id: 7, label: 'first', amount: '1', flag: true, detail: {} },
        { id: 7, label: 'second', amount: '2', flag: true, detail: {} },
        ...Array.from({ length: padding }, (_, index) => ({
          id: 100 + index,
          label: null,
          amount: null,
          flag: null,
          detail: null,
        })),
      ]);
    });

    const error = await attempt.then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(findConstraintViolation(error)?.sqlState).toBe('23505');
    expect(findConstraintViolation(error)?.constraint).toBe('copy_probe_pkey');
  });

  it('rejects unsafe identifiers', async () => {
    const { db } = database();
    await expect(
      db
        .transaction()
        .execute((trx) => copyRows(trx, 'pg_temp.copy_probe', { 'id; drop table x': 'integer' }, [{}])),
    ).rejects.toThrow('Invalid identifier "id; drop table x"');
  });
});
