export type TestDatabaseKind = 'pglite' | 'postgres';

/** The PostgreSQL server for tests; its role must be allowed to create databases. */
export const postgresAdminUrl =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** CIS_TEST_DATABASES=pglite runs the database tests on PGlite only (for machines with no PostgreSQL). */
export const testDatabaseKinds: TestDatabaseKind[] = (process.env.CIS_TEST_DATABASES ?? 'pglite,postgres')
  .split(',')
  .map((kind) => kind.trim())
  .filter((kind): kind is TestDatabaseKind => kind === 'pglite' || kind === 'postgres');

export function withDatabaseName(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
}
