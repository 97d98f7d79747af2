import type { Logger } from 'pino';
import { hasAnyCompany } from '../modules/companies/index.js';
import type { AppConfig } from '../platform/config/load-config.js';
import { migrate } from '../platform/db/migrate.js';
import { openDatabase, type DatabaseHandle } from '../platform/db/open-database.js';
import type { HttpApp } from '../platform/http/http-app.js';
import { buildHttpApp } from './build-http-app.js';

export type RunningServer = {
  url: string;
  app: HttpApp;
  handle: DatabaseHandle;
  /** Stops accepting requests, waits for the ones in flight, then closes the database. */
  close(): Promise<void>;
};

/**
 * Opens and migrates the database, builds the HTTP app and listens on the configured host and port.
 * If anything fails before the server listens, the database is closed again, so a PGlite data folder is
 * never left open by a failed start.
 */
export async function startServer(config: AppConfig, logger: Logger): Promise<RunningServer> {
  const handle = await openDatabase(config.database);
  try {
    const migration = await migrate(handle);
    logger.info(
      { applied: migration.applied, alreadyApplied: migration.alreadyApplied },
      'database migrated',
    );
    if (!(await hasAnyCompany(handle.db))) {
      // NOTE: the demo utility seed (modules/demo) is not wired in yet, so a new database starts empty.
      // Create a company and a key with `cis companies create` and `cis api-keys create`.
      logger.warn({ database: handle.kind }, 'database has no company yet');
    }
    const app = await buildHttpApp({ db: handle.db, logger });
    const url = await app.listen({ port: config.port, host: config.host });
    logger.info({ url, database: handle.kind }, 'server listening');
    return { url, app, handle, close: () => closeServer(app, handle, logger) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function closeServer(app: HttpApp, handle: DatabaseHandle, logger: Logger): Promise<void> {
  try {
    await app.close();
  } finally {
    await handle.close();
    logger.info({ database: handle.kind }, 'server stopped');
  }
}
