import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/test-database.js';

// Tables that are not account-scoped: on Citus they become reference tables copied to every node.
const referenceTables = new Set(['companies.company', 'public.schema_migration']);

type ConstraintRow = {
  table_name: string;
  constraint_name: string;
  constraint_type: 'p' | 'f' | 'u' | 'x';
  first_column: string;
  columns: string[];
  referenced_table: string | null;
  referenced_first_column: string | null;
};

describeEachDatabase('schema distribution by company_id', (database) => {
  it('every table outside the reference list carries company_id', async () => {
    const tables = await sql<{ table_name: string; has_company: boolean }>`
      select n.nspname || '.' || c.relname as table_name,
             exists (select 1 from pg_attribute a
                      where a.attrelid = c.oid and a.attname = 'company_id' and not a.attisdropped) as has_company
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
    `.execute(database().db);

    expect(tables.rows.length).toBeGreaterThan(20);
    const missing = tables.rows.filter((row) => !row.has_company && !referenceTables.has(row.table_name));
    expect(missing.map((row) => row.table_name)).toEqual([]);
  });

  it('company_id leads every primary key, unique key and foreign key', async () => {
    const constraints = await sql<ConstraintRow>`
      select cn.nspname || '.' || cl.relname as table_name, con.conname as constraint_name,
             con.contype as constraint_type,
             (select attname from pg_attribute where attrelid = con.conrelid and attnum = con.conkey[1]) as first_column,
             array(select attname from pg_attribute a join unnest(con.conkey) k(attnum) on a.attnum = k.attnum
                    where a.attrelid = con.conrelid) as columns,
             case when con.confrelid <> 0 then rn.nspname || '.' || rl.relname end as referenced_table,
             (select attname from pg_attribute where attrelid = con.confrelid and attnum = con.confkey[1])
               as referenced_first_column
        from pg_constraint con
        join pg_class cl on cl.oid = con.conrelid join pg_namespace cn on cn.oid = cl.relnamespace
        left join pg_class rl on rl.oid = con.confrelid left join pg_namespace rn on rn.oid = rl.relnamespace
       where con.contype in ('p', 'f', 'u', 'x') and cn.nspname not in ('pg_catalog', 'information_schema')
    `.execute(database().db);

    const scoped = constraints.rows.filter((row) => !referenceTables.has(row.table_name));
    const primaryKeys = new Set(
      scoped.filter((row) => row.constraint_type === 'p').map((row) => row.table_name),
    );
    const tablesWithoutKey = [...new Set(scoped.map((row) => row.table_name))].filter(
      (t) => !primaryKeys.has(t),
    );
    expect(tablesWithoutKey).toEqual([]);

    const violations = scoped
      .filter((row) => {
        if (row.constraint_type === 'f' && row.referenced_table === 'companies.company') return false;
        if (row.constraint_type === 'f') {
          return row.first_column !== 'company_id' || row.referenced_first_column !== 'company_id';
        }
        return row.first_column !== 'company_id';
      })
      .map((row) => `${row.table_name}: ${row.constraint_name} (${row.columns.join(', ')})`);
    expect(violations).toEqual([]);
  });

  it('unique indexes include company_id first', async () => {
    const indexes = await sql<{ index_name: string; first_column: string; table_name: string }>`
      select ic.relname as index_name, n.nspname || '.' || t.relname as table_name,
             (select attname from pg_attribute where attrelid = t.oid and attnum = i.indkey[0]) as first_column
        from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
        join pg_namespace n on n.oid = t.relnamespace
       where i.indisunique and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
    `.execute(database().db);

    const violations = indexes.rows
      .filter((row) => !referenceTables.has(row.table_name) && row.first_column !== 'company_id')
      .map((row) => `${row.table_name}: ${row.index_name}`);
    expect(violations).toEqual([]);
  });
});
