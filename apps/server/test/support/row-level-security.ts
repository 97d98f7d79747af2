import { sql } from 'kysely';
import type { DbOrTrx } from '../../src/platform/context/request-context.js';

/** A table of the database and the column that names its company (`id` for the company table itself). */
export type ScopedTable = { name: string; companyColumn: 'company_id' | 'id' };

/**
 * Tables that belong to the installation rather than to one company, each with the reason. The
 * application roles may not touch them at all, which findUnisolatedTables also checks.
 */
export const installationWideTables: Readonly<Record<string, string>> = {
  'public.schema_migration': 'which migrations ran; only the migration owner reads and writes it',
};

type TableRow = {
  name: string;
  has_company_id: boolean;
  rls: boolean;
  forced: boolean;
  has_policy: boolean;
  app_has_access: boolean;
  platform_has_access: boolean;
};

/** Describes every ordinary or partitioned table outside the system schemas. */
async function describeTables(db: DbOrTrx): Promise<TableRow[]> {
  const result = await sql<TableRow>`
    select format('%I.%I', n.nspname, c.relname) as name,
      exists (select 1 from pg_attribute a
              where a.attrelid = c.oid and a.attname = 'company_id' and not a.attisdropped) as has_company_id,
      c.relrowsecurity as rls,
      c.relforcerowsecurity as forced,
      exists (select 1 from pg_policy p
              where p.polrelid = c.oid and p.polpermissive and p.polcmd = '*'
                and 'cis_app'::regrole = any (p.polroles)
                and pg_get_expr(p.polqual, p.polrelid) like '%current_company_id()%'
                and pg_get_expr(p.polwithcheck, p.polrelid) like '%current_company_id()%') as has_policy,
      has_table_privilege('cis_app', c.oid, 'select, insert, update, delete') as app_has_access,
      has_table_privilege('cis_platform', c.oid, 'select, insert, update, delete') as platform_has_access
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p')
      and n.nspname not in ('pg_catalog', 'information_schema')
      and n.nspname not like 'pg\\_toast%'
      and n.nspname not like 'pg\\_temp%'
    order by 1`.execute(db);
  return result.rows;
}

/**
 * Names each table that a company's queries could read or change past row-level security: a table
 * without forced row security and a company policy for cis_app, or an installation-wide table that an
 * application role may touch. An empty list means every table is isolated.
 */
export async function findUnisolatedTables(db: DbOrTrx): Promise<string[]> {
  const problems: string[] = [];
  for (const table of await describeTables(db)) {
    if (table.name in installationWideTables) {
      if (table.app_has_access || table.platform_has_access) {
        problems.push(`${table.name}: installation-wide, yet an application role has privileges on it`);
      }
      continue;
    }
    if (!table.rls || !table.forced)
      problems.push(`${table.name}: row-level security not enabled and forced`);
    if (!table.has_policy) problems.push(`${table.name}: no company policy for cis_app`);
  }
  return problems;
}

/** Lists the company-scoped tables, each with the column that contains the company. */
export async function listScopedTables(db: DbOrTrx): Promise<ScopedTable[]> {
  return (await describeTables(db))
    .filter((table) => !(table.name in installationWideTables))
    .map((table) => ({ name: table.name, companyColumn: table.has_company_id ? 'company_id' : 'id' }));
}
