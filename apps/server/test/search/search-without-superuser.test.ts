import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSimilarMatches } from '../../src/modules/search/db/similar-matches.js';
import { parseSearchQuery } from '../../src/modules/search/domain/search-query.js';
import {
  findLeakyIndexFunctions,
  LEAKY_INDEX_FUNCTIONS_MESSAGE,
} from '../../src/platform/db/find-leaky-index-functions.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/open-database.js';
import { createLogger } from '../../src/platform/logging/create-logger.js';
import { startServer } from '../../src/server/start-server.js';
import { openPlanRecordingSession } from '../support/nested-plans.js';
import { seedSearchData } from '../support/search-data.js';
import { postgresAdminUrl, testDatabaseKinds, withDatabaseName } from '../support/test-database-settings.js';

const cisBin = path.resolve(import.meta.dirname, '../../bin/cis.js');
const CUSTOMERS = 4_000;

/** Builds the URL of `database` on the test server, logged in as `user` (trust authentication, no password). */
function urlOf(database: string, user?: string): string {
  const url = new URL(withDatabaseName(postgresAdminUrl, database));
  if (user !== undefined) {
    url.username = user;
    url.password = '';
  }
  return url.toString();
}

// A PostgreSQL installation whose migrations ran as a login that is no superuser, as on a managed
// database service. Roles belong to the whole server, so the login gets a name of its own and is dropped
// with its database afterwards. PGlite has a superuser session only.
describe.runIf(testDatabaseKinds.includes('postgres'))('search without a superuser [postgres]', () => {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
  const login = `cis_test_owner_${suffix}`;
  const databaseName = `cis_test_owner_${suffix}`;
  let admin: pg.Client;
  let owner: DatabaseHandle;
  let companyId: string;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: postgresAdminUrl });
    await admin.connect();
    await admin.query(`create role ${login} login createrole nosuperuser`);
    await admin.query(`create database ${databaseName} owner ${login}`);
    owner = await openDatabase({ kind: 'postgres', connectionString: urlOf(databaseName, login) });
    await migrate(owner);

    // The owner is subject to the forced row-level security of its own tables, so a superuser seeds.
    const seeder = await openDatabase({ kind: 'postgres', connectionString: urlOf(databaseName) });
    try {
      companyId = await seedSearchData(seeder.db, CUSTOMERS);
      await sql`analyze`.execute(seeder.db);
    } finally {
      await seeder.close();
    }
  });
  afterAll(async () => {
    await owner?.close();
    await admin.query(`drop database if exists ${databaseName} with (force)`);
    await admin.query(`drop role if exists ${login}`);
    await admin.end();
  });

  it('migrates as a login that is no superuser', async () => {
    const login = await sql<{ rolsuper: boolean }>`
      select rolsuper from pg_roles where rolname = current_user`.execute(owner.db);
    expect(login.rows).toEqual([{ rolsuper: false }]);
    // Migration 0064 could not declare the trigram operator LEAKPROOF for this login.
    const operator = await sql<{ proleakproof: boolean }>`
      select proleakproof from pg_proc where proname = 'word_similarity_op'`.execute(owner.db);
    expect(operator.rows).toEqual([{ proleakproof: false }]);
    expect(await findLeakyIndexFunctions(owner.db)).toBeUndefined();
  });

  it('finds a name with a typo through the full-text index', async () => {
    const sample = await sql<{ display_name: string }>`
      select display_name from customers.customer
      where company_id = ${companyId}::uuid and kind = 'person' and display_name ~ '^[A-Za-z]+ [A-Za-z]{5,}$'
      order by id limit 1`.execute(owner.forCompany(companyId));
    const name = sample.rows[0]!.display_name;
    const typo = `${name.slice(0, -3)}${name.at(-2)}${name.at(-3)}${name.at(-1)}`;
    const query = parseSearchQuery(typo);

    const matches = await owner
      .forCompany(companyId)
      .transaction()
      .execute((trx) => findSimilarMatches(trx, query, 10));
    expect(matches.map((match) => match.value)).toContain(name);

    const session = await openPlanRecordingSession(urlOf(databaseName), companyId);
    try {
      const plans = await session.recordPlans(() => findSimilarMatches(session.db, query, 10));
      const customerScans = plans
        .filter((plan) => plan.queryText.includes('from customers.customer'))
        .flatMap((plan) => plan.scans);
      expect(customerScans).toContain('Bitmap Index Scan using customer_display_name_folded_words');
      expect(customerScans.filter((scan) => scan.startsWith('Seq Scan'))).toEqual([]);
    } finally {
      await session.close();
    }
  });

  describe('with a function that is not LEAKPROOF', () => {
    const signature = 'pg_catalog.starts_with(text,text)';
    const fix = `alter function ${signature} leakproof;`;

    beforeAll(async () => {
      const session = new pg.Client({ connectionString: urlOf(databaseName) });
      await session.connect();
      await session.query(`alter function ${signature} not leakproof`);
      await session.end();
    });

    it('finds the function and the fix', async () => {
      expect(await findLeakyIndexFunctions(owner.db)).toEqual({ functions: [signature], fix });
    });

    it('warns once at server start', async () => {
      const lines: Record<string, unknown>[] = [];
      const destination = new Writable({
        write: (chunk: Buffer, _encoding, callback) => {
          lines.push(
            ...chunk
              .toString('utf8')
              .trim()
              .split('\n')
              .map((line) => JSON.parse(line) as Record<string, unknown>),
          );
          callback();
        },
      });
      const server = await startServer(
        {
          database: { kind: 'postgres', connectionString: urlOf(databaseName, login) },
          port: 0,
          host: '127.0.0.1',
          logLevel: 'info',
        },
        createLogger({ level: 'info', destination }),
        { transport: { trustProxy: false } },
      );
      await server.close();
      const warnings = lines.filter(
        (line) => line.level === 40 && line.msg === LEAKY_INDEX_FUNCTIONS_MESSAGE,
      );
      expect(warnings).toEqual([
        expect.objectContaining({ msg: LEAKY_INDEX_FUNCTIONS_MESSAGE, functions: [signature], fix }),
      ]);
    });

    it('warns in cis migrate', () => {
      const result = spawnSync(process.execPath, [cisBin, 'migrate'], {
        env: { ...process.env, DATABASE_URL: urlOf(databaseName, login) },
        encoding: 'utf8',
      });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain('Applied: none.');
      const warnings = result.stderr.split('\n').filter((line) => line.startsWith('Warning:'));
      expect(warnings).toEqual([
        `Warning: functions not LEAKPROOF: ${signature}. Under row-level security their conditions cannot use ` +
          'indexes, so lookups read every row of a company. Connect to this database as a superuser ' +
          `(such as postgres) and run: ${fix}`,
      ]);
    });

    it('takes the fix from a superuser only', async () => {
      await expect(sql.raw(fix).execute(owner.db)).rejects.toThrow(/must be owner of function/);
      const superuser = new pg.Client({ connectionString: urlOf(databaseName) });
      await superuser.connect();
      await superuser.query(fix);
      await superuser.end();
      expect(await findLeakyIndexFunctions(owner.db)).toBeUndefined();
    });
  });
});
