import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { COPY_FROM_STDIN } from './copy-rows.js';

/**
 * Kysely dialect for PGlite. PGlite has a single session, so the driver hands out one connection at a
 * time: a caller waits until the previous holder releases it, which keeps transactions from interleaving.
 */
export class PgliteDialect implements Dialect {
  readonly #pglite: PGlite;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  createAdapter() {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new PgliteDriver(this.#pglite);
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

class PgliteDriver implements Driver {
  readonly #connection: PgliteConnection;
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(pglite: PGlite) {
    this.#connection = new PgliteConnection(pglite);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.#release = release;
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(CompiledQuery.raw(`begin${isolation}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
    return Promise.resolve();
  }

  async destroy(): Promise<void> {}
}

class PgliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const [data] = compiledQuery.parameters;
    const isCopy =
      compiledQuery.parameters.length === 1 &&
      typeof data === 'string' &&
      COPY_FROM_STDIN.test(compiledQuery.sql);
    const result = isCopy
      ? await this.#copyFromBlob<R>(compiledQuery.sql, data)
      : await this.#pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
    const affected = result.affectedRows;
    return {
      rows: result.rows,
      numAffectedRows: affected === undefined ? undefined : BigInt(affected),
    };
  }

  /**
   * PGlite reads COPY data from a blob attached to the query, under the file name /dev/blob. Only the
   * superuser may read such a server-side file. So the COPY alone runs as the session's superuser, for
   * this transaction only, and the role is put back before anything else. copyRows only
   * copies into its temporary staging table this way, and the rows reach their table through an INSERT
   * that row-level security checks.
   */
  async #copyFromBlob<R>(statement: string, data: string) {
    const [role] = (await this.#pglite.query<{ role: string }>('select current_user as role')).rows;
    await this.#pglite.query("select set_config('role', 'none', true)");
    const result = await this.#pglite.query<R>(statement.replace(/from stdin$/, "from '/dev/blob'"), [], {
      blob: new Blob([data]),
    });
    await this.#pglite.query("select set_config('role', $1, true)", [role?.role ?? 'none']);
    return result;
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not support streaming query results; page through the rows instead');
  }
}
