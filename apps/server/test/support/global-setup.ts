import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { openDatabase } from '../../src/platform/db/open-database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { postgresAdminUrl, testDatabaseKinds, withDatabaseName } from './test-database-settings.js';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- declaration merging needs an interface
  export interface ProvidedContext {
    postgresTemplate: string;
  }
}

/**
 * Migrates one PostgreSQL template database for the whole run; each test suite then copies it with
 * CREATE DATABASE … TEMPLATE, which takes a fraction of a second.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!testDatabaseKinds.includes('postgres')) {
    project.provide('postgresTemplate', '');
    return async () => {};
  }
  const template = `cis_test_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const handle = await openDatabase({
    kind: 'postgres',
    connectionString: withDatabaseName(postgresAdminUrl, template),
  });
  await migrate(handle);
  await handle.close();
  project.provide('postgresTemplate', template);
  return async () => {
    await admin.query(`drop database if exists ${template} with (force)`);
    await admin.end();
  };
}
