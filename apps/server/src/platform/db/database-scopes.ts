import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Driver,
  type TransactionSettings,
} from 'kysely';
import type { Database } from './schema.js';

/**
 * The role and company a query runs as:
 * - `company`: the role cis_app with the company's id as `cis.company_id`, so that row-level security
 *   shows and accepts that company's rows only (see migration 0055);
 * - `platform`: the role cis_platform, which reads installation-wide facts (companies, unfinished bill
 *   runs) and writes nothing;
 * - `owner`: the login itself, which owns the tables; for migrations and tests only.
 */
export type DatabaseScope = { kind: 'company'; companyId: string } | { kind: 'platform' } | { kind: 'owner' };

/** The database as each part of the application may see it. */
export type DatabaseScopes = {
  /** Queries on behalf of one company: they see and change that company's rows and nothing else. */
  forCompany: (companyId: string) => Kysely<Database>;
  /** Read-only queries across companies, for the few that have to be (see DatabaseScope). */
  platform: Kysely<Database>;
};

export const applicationRole = 'cis_app';
export const platformRole = 'cis_platform';

/** Maximum number of companies whose Kysely instance is kept for reuse. */
const MAX_CACHED_COMPANIES = 256;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const APPLY_SCOPE = "select set_config('role', $1, false), set_config('cis.company_id', $2, false)";

/**
 * Builds the scoped Kysely instances over one driver (a node-postgres pool or the PGlite session). Each
 * connection remembers the scope it was last set to, so a query pays one extra statement only when its
 * connection changes scope.
 */
export function createScopedDatabases(inner: Driver): {
  owner: Kysely<Database>;
  scopes: DatabaseScopes;
  destroy: () => Promise<void>;
} {
  const connectionScopes = new WeakMap<DatabaseConnection, string>();
  let initialised: Promise<void> | undefined;
  const init = () => (initialised ??= inner.init());
  // Building a Kysely instance took 10 to 20 microseconds of CPU in the vending benchmark's profile, and a
  // request builds one or two.
  const companyDatabases = new Map<string, Kysely<Database>>();
  const build = (scope: DatabaseScope) =>
    new Kysely<Database>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new ScopedDriver(inner, init, scope, connectionScopes),
        createIntrospector: (db) => new PostgresIntrospector(db),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    });

  return {
    owner: build({ kind: 'owner' }),
    scopes: {
      forCompany: (companyId) => {
        if (!UUID_PATTERN.test(companyId)) throw new Error(`Invalid company id "${companyId}".`);
        const id = companyId.toLowerCase();
        let db = companyDatabases.get(id);
        if (db === undefined) {
          db = build({ kind: 'company', companyId: id });
          // Bounded, because a flood of made-up company ids in API tokens must not grow it.
          if (companyDatabases.size >= MAX_CACHED_COMPANIES) {
            companyDatabases.delete(companyDatabases.keys().next().value!);
          }
        } else companyDatabases.delete(id);
        // Reinserted, so the Map's order runs from the least to the most recently used.
        companyDatabases.set(id, db);
        return db;
      },
      platform: build({ kind: 'platform' }),
    },
    destroy: async () => {
      await init();
      await inner.destroy();
    },
  };
}

/** Returns the role and company setting of a scope; the role `none` is the login's own role. */
function scopeSettings(scope: DatabaseScope): [role: string, companyId: string] {
  switch (scope.kind) {
    case 'company':
      return [applicationRole, scope.companyId];
    case 'platform':
      return [platformRole, ''];
    case 'owner':
      return ['none', ''];
  }
}

/**
 * Hands out the inner driver's connections after switching them to the scope's role and company. The
 * switch is made outside any transaction, so a rollback cannot undo it, and every scope sets both
 * values, so no connection carries a previous holder's company into the next query.
 */
class ScopedDriver implements Driver {
  readonly #inner: Driver;
  readonly #init: () => Promise<void>;
  readonly #settings: [string, string];
  readonly #key: string;
  readonly #connectionScopes: WeakMap<DatabaseConnection, string>;

  constructor(
    inner: Driver,
    init: () => Promise<void>,
    scope: DatabaseScope,
    connectionScopes: WeakMap<DatabaseConnection, string>,
  ) {
    this.#inner = inner;
    this.#init = init;
    this.#settings = scopeSettings(scope);
    this.#key = this.#settings.join('/');
    this.#connectionScopes = connectionScopes;
  }

  init(): Promise<void> {
    return this.#init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.#inner.acquireConnection();
    if (this.#connectionScopes.get(connection) === this.#key) return connection;
    try {
      this.#connectionScopes.delete(connection);
      await connection.executeQuery(CompiledQuery.raw(APPLY_SCOPE, this.#settings));
      this.#connectionScopes.set(connection, this.#key);
      return connection;
    } catch (error) {
      await this.#inner.releaseConnection(connection);
      throw error;
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(connection);
  }

  // The inner driver outlives each scoped Kysely instance; createScopedDatabases destroys it once.
  async destroy(): Promise<void> {}
}
