import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { types } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openDatabase, wrapPglite, type DatabaseHandle } from '../../src/platform/db/open-database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import {
  postgresAdminUrl,
  testDatabaseKinds,
  withDatabaseName,
  type TestDatabaseKind,
} from './test-database-settings.js';

export type TestDatabase = DatabaseHandle & { drop(): Promise<void> };

const pgliteOptions = {
  extensions: { btree_gist, pg_trgm, unaccent },
  parsers: {
    [types.INT8]: (value: string) => value,
    [types.DATE]: (value: string) => value,
    [types.NUMERIC]: (value: string) => value,
  },
};

let pgliteTemplate: Promise<Blob> | undefined;

// Migrating PGlite takes seconds, so each test worker migrates once and loads copies of that dump.
function migratedPgliteDump(): Promise<Blob> {
  pgliteTemplate ??= (async () => {
    const pglite = await PGlite.create(pgliteOptions);
    const handle = wrapPglite(pglite);
    await migrate(handle);
    const dump = await pglite.dumpDataDir('none');
    await handle.close();
    return dump;
  })();
  return pgliteTemplate;
}

/** A freshly migrated, empty database of the given kind, private to the caller. */
export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const pglite = await PGlite.create({ ...pgliteOptions, loadDataDir: await migratedPgliteDump() });
    const handle = wrapPglite(pglite);
    return { ...handle, drop: () => handle.close() };
  }
  const template = inject('postgresTemplate');
  const name = `cis_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  const handle = await openDatabase({
    kind: 'postgres',
    connectionString: withDatabaseName(postgresAdminUrl, name),
  });
  return {
    ...handle,
    drop: async () => {
      await handle.close();
      await dropWhenDisconnected(admin, name);
      await admin.end();
    },
  };
}

/**
 * Declares the suite once per database kind (PGlite and PostgreSQL); `database()` returns the suite's own
 * migrated database inside tests.
 */
export function describeEachDatabase(name: string, body: (database: () => TestDatabase) => void): void {
  for (const kind of testDatabaseKinds) {
    describe(`${name} [${kind}]`, () => {
      let current: TestDatabase | undefined;
      beforeAll(async () => {
        current = await createTestDatabase(kind);
      });
      afterAll(async () => {
        await current?.drop();
      });
      body(() => {
        if (!current) throw new Error('The test database is not ready: use it inside a test or hook.');
        return current;
      });
    });
  }
}

// pg-pool's end() resolves before its clients have finished disconnecting, and a forced drop would kill
// them mid-close (an unhandled 57P01). So the drop waits for the server to see the sessions gone.
export async function dropWhenDisconnected(admin: pg.Client, name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const sessions = await admin.query<{ count: string }>(
      'select count(*) as count from pg_stat_activity where datname = $1',
      [name],
    );
    if (sessions.rows[0]?.count === '0') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await admin.query(`drop database if exists ${name} with (force)`);
}
