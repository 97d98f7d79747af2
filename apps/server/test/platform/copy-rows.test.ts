import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { copyRows, insertStatement } from '../../src/platform/db/copy-rows.js';
import { runWrites } from '../../src/platform/db/run-writes.js';
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
        { id: 3, label: 'NULL', amount: '0', flag: false, detail: '{"a": "b"}' },
        { id: 4, label: '{braces}, "quotes", commas', amount: '-1', flag: true, detail: 'plain text' },
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
    expect(stored[2]).toEqual({ id: 3, label: 'NULL', amount: '0', flag: false, detail: '{"a": "b"}' });
    expect(stored[3]).toEqual({
      id: 4,
      label: '{braces}, "quotes", commas',
      amount: '-1',
      flag: true,
      detail: 'plain text',
    });
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

  it('runs several writes as one statement', async () => {
    const { db } = database();
    const stored = await db.transaction().execute(async (trx) => {
      await sql`create temp table write_parent (id integer primary key, label text) on commit drop`.execute(
        trx,
      );
      await sql`create temp table write_child (id integer primary key, parent_id integer not null references write_parent (id)) on commit drop`.execute(
        trx,
      );
      await sql`insert into write_parent values (1, 'old')`.execute(trx);
      // The child comes first and references a parent that a later write inserts.
      await runWrites(trx, [
        insertStatement('pg_temp.write_child', { id: 'integer', parent_id: 'integer' }, [
          { id: 10, parent_id: 2 },
        ]),
        insertStatement('pg_temp.write_parent', { id: 'integer', label: 'text' }, [{ id: 2, label: 'new' }]),
        sql`update write_parent set label = 'changed' where id = 1`,
      ]);
      const parents = await sql<{
        id: number;
        label: string;
      }>`select id, label from write_parent order by id`.execute(trx);
      const children = await sql<{
        id: number;
        parent_id: number;
      }>`select id, parent_id from write_child`.execute(trx);
      return { parents: parents.rows, children: children.rows };
    });

    expect(stored.parents).toEqual([
      { id: 1, label: 'changed' },
      { id: 2, label: 'new' },
    ]);
    expect(stored.children).toEqual([{ id: 10, parent_id: 2 }]);
  });

  it('fails all writes of a statement when one breaks a constraint', async () => {
    const { db } = database();
    const outcome = await db.transaction().execute(async (trx) => {
      await sql`create temp table write_probe (id integer primary key) on commit drop`.execute(trx);
      await sql`create temp table write_other (id integer primary key) on commit drop`.execute(trx);
      await sql`insert into write_probe values (1)`.execute(trx);
      await sql`savepoint before_writes`.execute(trx);
      const error = await runWrites(trx, [
        insertStatement('pg_temp.write_other', { id: 'integer' }, [{ id: 5 }]),
        insertStatement('pg_temp.write_probe', { id: 'integer' }, [{ id: 1 }]),
      ]).then(
        () => undefined,
        (rejection: unknown) => rejection,
      );
      await sql`rollback to savepoint before_writes`.execute(trx);
      const other = await sql<{ count: number }>`select count(*)::int as count from write_other`.execute(trx);
      return { violation: findConstraintViolation(error), otherRows: other.rows[0]?.count };
    });

    expect(outcome.violation?.sqlState).toBe('23505');
    expect(outcome.violation?.constraint).toBe('write_probe_pkey');
    expect(outcome.otherRows).toBe(0);
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
