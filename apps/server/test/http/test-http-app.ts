import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../src/platform/logging/create-logger.js';
import type { DatabaseScopes } from '../../src/platform/db/database-scopes.js';
import type { HttpApp, RoutePlugin } from '../../src/platform/http/http-app.js';
import { buildHttpApp, type BuildHttpAppOptions } from '../../src/server/build-http-app.js';

/** Log lines the app wrote, parsed, so tests can check what was logged and what was redacted. */
export type CapturedLogs = { lines: Record<string, unknown>[]; text: () => string };

export function captureLogs(): { logger: Logger; logs: CapturedLogs } {
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      raw.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line !== ''),
      );
      callback();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  return {
    logger,
    logs: {
      get lines() {
        return raw.map((line) => JSON.parse(line) as Record<string, unknown>);
      },
      text: () => raw.join('\n'),
    },
  };
}

export async function buildTestHttpApp(
  database: DatabaseScopes,
  options: { extraRoutePlugins?: RoutePlugin[] } & Partial<BuildHttpAppOptions> = {},
): Promise<{ app: HttpApp; logs: CapturedLogs }> {
  const { logger, logs } = captureLogs();
  const app = await buildHttpApp({ database, logger, ...options });
  return { app, logs };
}
