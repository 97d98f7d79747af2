import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PostgresDialect, sql, type Kysely } from 'kysely';
import pg from 'pg';
import { enableCopyFromStdin } from './copy-from-stdin.js';
import { createScopedDatabases, type DatabaseScopes } from './database-scopes.js';
import type { DatabaseConfig } from '../config/load-config.js';
import { lockDataFolder, type DataFolderLock } from './data-folder-lock.js';
import { PgliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

export type ScriptRunner = (script: string) => Promise<Record<string, unknown>[]>;

export type DatabaseHandle = DatabaseScopes & {
  kind: 'pglite' | 'postgres';
  /**
   * The login that owns the tables, outside row-level security when it is a superuser: for migrations,
   * tests and benchmarks. Application code uses forCompany or platform instead.
   */
  db: Kysely<Database>;
  /**
   * Runs `work` on one session that accepts multi-statement SQL scripts without parameters (migrations,
   * advisory locks); `run` returns the rows of the script's last statement.
   */
  withScriptSession<T>(work: (run: ScriptRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

// Both drivers return int8 and numeric as strings (bigint and Decimal are built from them) and dates as
// 'YYYY-MM-DD' strings: node-postgres would otherwise turn a DATE into a JS Date at local midnight.
const INT8_ARRAY = 1016;
const NUMERIC_ARRAY = 1231;
const TEXT_ARRAY = 1009;
// The TypeId union of @types/pg lists no array types, though pg-types parses them.
const getParser = pg.types.getTypeParser as (oid: number, format: 'text') => (value: string) => unknown;
const parseTextArray = getParser(TEXT_ARRAY, 'text');
const pgTypeParsers = new Map<number, (value: string) => unknown>([
  [INT8, (value) => value],
  [DATE, (value) => value],
  [NUMERIC, (value) => value],
  // node-postgres parses numeric[] into floats; read it, and int8[], as arrays of strings instead.
  [NUMERIC_ARRAY, parseTextArray],
  [INT8_ARRAY, parseTextArray],
]);

export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.kind === 'postgres') return openPostgres(config.connectionString);
  const lock = config.dataDir ? lockDataFolder(config.dataDir) : undefined;
  try {
    return await openPglite(config.dataDir, lock);
  } catch (error) {
    lock?.release();
    throw error;
  }
}

async function openPglite(
  dataDir: string | undefined,
  lock: DataFolderLock | undefined,
): Promise<DatabaseHandle> {
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    extensions: { btree_gist, pg_trgm, unaccent },
    parsers: {
      [pgliteTypes.INT8]: (value: string) => value,
      [pgliteTypes.DATE]: (value: string) => value,
      [pgliteTypes.NUMERIC]: (value: string) => value,
    },
  });
  const handle = wrapPglite(pglite);
  return {
    ...handle,
    close: async () => {
      try {
        await handle.close();
      } finally {
        lock?.release();
      }
    },
  };
}

export function wrapPglite(pglite: PGlite): DatabaseHandle {
  const { owner, scopes, destroy } = createScopedDatabases(new PgliteDialect(pglite).createDriver());
  return {
    kind: 'pglite',
    db: owner,
    ...scopes,
    // exec() takes multi-statement scripts; holding the owner's connection keeps other queries out meanwhile.
    withScriptSession: (work) =>
      owner.connection().execute(() =>
        work(async (script) => {
          const results = await pglite.exec(script);
          return results.at(-1)?.rows ?? [];
        }),
      ),
    close: async () => {
      await destroy();
      await pglite.close();
    },
  };
}

function pickTypeParser(oid: number): (value: string) => unknown {
  return pgTypeParsers.get(oid) ?? (pg.types.getTypeParser(oid, 'text') as (value: string) => unknown);
}

async function openPostgres(connectionString: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    types: { getTypeParser: pickTypeParser as typeof pg.types.getTypeParser },
  });
  // An idle client whose connection drops (server restart, admin termination) emits 'error' on the pool;
  // without a listener that would crash the process. The pool replaces the client on next use.
  pool.on('connect', (client) => enableCopyFromStdin(client));
  pool.on('error', (error) => process.emitWarning(`PostgreSQL idle connection closed: ${error.message}`));
  const { owner, scopes, destroy } = createScopedDatabases(new PostgresDialect({ pool }).createDriver());
  await sql`select 1`.execute(owner);
  return {
    kind: 'postgres',
    db: owner,
    ...scopes,
    // Scripts get a connection of their own: a pooled one may be switched to an application role.
    withScriptSession: async (work) => {
      const client = new pg.Client({ connectionString });
      await client.connect();
      try {
        return await work(async (script) => {
          const result = (await client.query(script)) as pg.QueryResult | pg.QueryResult[];
          const last = Array.isArray(result) ? result.at(-1) : result;
          return (last?.rows ?? []) as Record<string, unknown>[];
        });
      } finally {
        await client.end();
      }
    },
    close: destroy,
  };
}
