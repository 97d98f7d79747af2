import path from 'node:path';
import { repositoryRoot } from './repository-root.js';

export type DatabaseConfig =
  { kind: 'pglite'; dataDir: string | undefined } | { kind: 'postgres'; connectionString: string };

export type AppConfig = {
  database: DatabaseConfig;
  port: number;
  host: string;
  logLevel: string;
};

/**
 * Reads the configuration from the environment: DATABASE_URL selects a PostgreSQL server; without it the
 * embedded PGlite database lives in CIS_DATA_DIR (default: ./data under the repository root).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Invalid PORT "${env.PORT}": set it to an integer between 0 and 65535.`);
  }
  const database: DatabaseConfig = env.DATABASE_URL
    ? { kind: 'postgres', connectionString: env.DATABASE_URL }
    : { kind: 'pglite', dataDir: path.resolve(env.CIS_DATA_DIR ?? path.join(repositoryRoot, 'data')) };
  return { database, port, host: env.HOST ?? '127.0.0.1', logLevel: env.LOG_LEVEL ?? 'info' };
}
